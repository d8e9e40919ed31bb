-- Reference: the same visit written by the table owner with plain SQL (no role switch, no row level security, no API checks; the audit trigger still fires).
\set n random(1, :rows)
begin;
select set_config('request.jwt.claims', p.claims, true),
       set_config('bench.student_id', p.student_id::text, true),
       set_config('bench.nurse_id', p.nurse_id::text, true)
from bench_med.params as p
where p.n = :n;
insert into med.visits (tenant_id, student_id, school_id, complaint, temperature, disposition, notes, recorded_by)
select students.tenant_id, students.id, students.school_id, 'headache', 36.9, 'returned_to_class', 'rested 10 minutes',
       current_setting('bench.nurse_id')::uuid
from med.students as students
where students.id = current_setting('bench.student_id')::uuid;
commit;
