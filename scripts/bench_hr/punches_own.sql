-- One PostgREST request by an employee (emp1@hr.demo): their punches of the last 14 days through hr_api.punches, as PostgREST reads a filtered view (the rows aggregated to JSON); the policies pick the rows (for an employee, their own).
begin;
select set_config('request.jwt.claims', reader.claims, true),
       set_config('bench.from_at', reader.from_at::text, true)
from bench_hr.punch_reader as reader;
set local role hr_employee;
select coalesce(pg_catalog.json_agg(punches), '[]')
from (select * from hr_api.punches
      where clock_in_at >= current_setting('bench.from_at')::timestamptz) as punches;
commit;
