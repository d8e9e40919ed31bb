-- One PostgREST request by a guardian (guardian1@med.demo): the vaccine doses of their children through med_api.immunizations (the rows aggregated to JSON); the policies pick the rows (the students med_private.visible_student_ids() names: for a guardian, their children).
begin;
select set_config('request.jwt.claims', reader.claims, true)
from bench_med.guardian_reader as reader;
set local role med_guardian;
select coalesce(pg_catalog.json_agg(doses), '[]')
from (select * from med_api.immunizations) as doses;
commit;
