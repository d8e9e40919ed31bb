-- A nurse records an office visit of a student of her school through med_api.record_visit (row level security, definer function, audit).
\set n random(1, :rows)
begin;
select set_config('request.jwt.claims', p.claims, true),
       set_config('bench.student_id', p.student_id::text, true)
from bench_med.params as p
where p.n = :n;
set local role med_nurse;
select med_api.record_visit(current_setting('bench.student_id')::uuid, 'headache', 'returned_to_class', 36.9, 'rested 10 minutes');
commit;
