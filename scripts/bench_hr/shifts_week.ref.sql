-- The reference for shifts_week: the same rows (the hotel's shifts of this workweek, not cancelled, published) read by the table owner, without row level security, the request's role or the views.
begin;
select set_config('bench.hotel_id', reader.hotel_id::text, true),
       set_config('bench.from_at', reader.from_at::text, true),
       set_config('bench.to_at', reader.to_at::text, true)
from bench_hr.shift_reader as reader;
select coalesce(pg_catalog.json_agg(shifts), '[]')
from (select shifts.id, shifts.employee_id, shifts.position_id, shifts.department_id, shifts.hotel_id,
             shifts.starts_at, shifts.ends_at, shifts.status, shifts.published_at
      from hr.shifts as shifts
      where shifts.hotel_id = current_setting('bench.hotel_id')::uuid
        and shifts.status <> 'cancelled'
        and shifts.published_at is not null
        and shifts.starts_at >= current_setting('bench.from_at')::timestamptz
        and shifts.starts_at < current_setting('bench.to_at')::timestamptz) as shifts;
commit;
