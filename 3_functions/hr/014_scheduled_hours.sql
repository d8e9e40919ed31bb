create function hr_private.scheduled_hours(employee_id uuid, from_at timestamptz, to_at timestamptz)
returns numeric
language sql
stable
as $$
    select coalesce(pg_catalog.sum(extract(epoch from
               least(shifts.ends_at, scheduled_hours.to_at)
               - greatest(shifts.starts_at, scheduled_hours.from_at)) / 3600), 0)
    from hr.shifts as shifts
    where shifts.employee_id = scheduled_hours.employee_id
      and shifts.status = 'scheduled'
      and pg_catalog.tstzrange(shifts.starts_at, shifts.ends_at) && pg_catalog.tstzrange(scheduled_hours.from_at, scheduled_hours.to_at)
$$;
comment on function hr_private.scheduled_hours(uuid, timestamptz, timestamptz) is 'Hours of the employee''s scheduled shifts that fall inside [from_at, to_at): a shift across the boundary counts only its part inside (a shift across midnight counts in both days, and in both workweeks at a week''s end). No SET clause (everything in it is qualified), so that the planner can inline it.';
