-- Reference: the same status computed by the table owner (the evaluation itself, without the role switch and the visibility check).
\set n random(1, :rows)
begin;
select set_config('request.jwt.claims', p.claims, true),
       set_config('bench.student_id', p.student_id::text, true)
from bench_med.params as p
where p.n = :n;
select summary.vaccine, summary.valid_doses, summary.required_doses, summary.compliant, summary.reason
from med_private.immunization_summary(current_setting('bench.student_id')::uuid) as summary;
commit;
