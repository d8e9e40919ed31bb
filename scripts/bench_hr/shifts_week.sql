-- One PostgREST request by an employee (emp1@hr.demo): their hotel's shifts of this workweek through hr_api.shifts, as PostgREST reads a filtered view (the rows aggregated to JSON); the policy shifts_select_colleague picks the rows (their hotel, not cancelled, published).
begin;
select set_config('request.jwt.claims', reader.claims, true),
       set_config('bench.from_at', reader.from_at::text, true),
       set_config('bench.to_at', reader.to_at::text, true)
from bench_hr.shift_reader as reader;
set local role hr_employee;
select coalesce(pg_catalog.json_agg(shifts), '[]')
from (select * from hr_api.shifts
      where starts_at >= current_setting('bench.from_at')::timestamptz
        and starts_at < current_setting('bench.to_at')::timestamptz) as shifts;
commit;
