-- The reference for punches_own: the same rows (the employee's punches of the last 14 days) read by the table owner, without row level security, the request's role or the views.
begin;
select set_config('bench.employee_id', reader.employee_id::text, true),
       set_config('bench.from_at', reader.from_at::text, true)
from bench_hr.punch_reader as reader;
select coalesce(pg_catalog.json_agg(punches), '[]')
from (select punches.id, punches.employee_id, punches.shift_id, punches.clock_in_at, punches.clock_out_at,
             punches.is_unscheduled, punches.original_clock_in_at, punches.original_clock_out_at,
             punches.edited_by, punches.edited_at, punches.edit_reason
      from hr.punches as punches
      where punches.employee_id = current_setting('bench.employee_id')::uuid
        and punches.clock_in_at >= current_setting('bench.from_at')::timestamptz) as punches;
commit;
