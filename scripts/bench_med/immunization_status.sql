-- A nurse reads a student's immunization status through med_api.immunization_status (visibility check, then every dose validated).
\set n random(1, :rows)
begin;
select set_config('request.jwt.claims', p.claims, true),
       set_config('bench.student_id', p.student_id::text, true)
from bench_med.params as p
where p.n = :n;
set local role med_nurse;
select * from med_api.immunization_status(current_setting('bench.student_id')::uuid);
commit;
