create function hr_api.publish_schedule(department_id uuid, week_start date)
returns int
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    department record;
    published int;
    window_start timestamptz;
    window_end timestamptz;
begin
    select departments.id, departments.tenant_id, hotels.id as hotel_id, hotels.name as hotel_name, hotels.time_zone,
           hotels.workweek_starts_on, tenants.name as tenant_name
    into department
    from hr_private.departments as departments
    join hr.hotels as hotels on hotels.id = departments.hotel_id
    join core.tenants as tenants on tenants.id = departments.tenant_id
    where departments.id = publish_schedule.department_id;
    if department.id is null then
        raise exception 'department % not found', coalesce(publish_schedule.department_id::text, 'null')
            using errcode = 'PT404';
    end if;
    perform hr_private.require_department(department.id);
    if publish_schedule.week_start is null or not pg_catalog.isfinite(publish_schedule.week_start) then
        raise exception '% is not the first day of a workweek of this hotel', coalesce(publish_schedule.week_start::text, 'null')
            using errcode = '22023',
                  hint = pg_catalog.format('the workweek starts on ISO weekday %s', department.workweek_starts_on);
    end if;
    begin
        if hr_private.week_start(publish_schedule.week_start, department.workweek_starts_on) <> publish_schedule.week_start then
            raise exception '% is not the first day of a workweek of this hotel', publish_schedule.week_start
                using errcode = '22023',
                      hint = pg_catalog.format('the workweek starts on ISO weekday %s', department.workweek_starts_on);
        end if;
        window_start := publish_schedule.week_start::timestamp at time zone department.time_zone;
        window_end := (publish_schedule.week_start + 7)::timestamp at time zone department.time_zone;
    exception
        -- a week at either end of the calendar, past what a date or a
        -- timestamp holds, holds no shift: malformed, not a server error
        when datetime_field_overflow then
            raise exception 'the week of % is beyond any shift', publish_schedule.week_start
                using errcode = '22023';
    end;

    update hr.shifts as shifts
    set published_at = now()
    where shifts.department_id = department.id
      and shifts.status in ('scheduled', 'open')
      and shifts.starts_at >= window_start
      and shifts.starts_at < window_end;
    get diagnostics published = row_count;

    -- one text per employee with a phone, listing their week, in one
    -- core.enqueue_many
    perform pg_catalog.count(*)
    from (
        select pg_catalog.array_agg(
                   pg_catalog.jsonb_build_object(
                       'app', 'hr',
                       'template', 'schedule_published',
                       'to', employees.phone,
                       'to_name', employees.full_name,
                       'tenant_name', department.tenant_name,
                       'employee_id', employees.id,
                       'employee_name', employees.full_name,
                       'hotel_name', department.hotel_name,
                       'week_start', publish_schedule.week_start,
                       'shifts', week.shifts)
                   order by employees.id) as payloads,
               pg_catalog.array_agg(pg_catalog.format('%s:%s:%s', employees.id, publish_schedule.week_start, pg_catalog.md5(week.shifts::text))
                                    order by employees.id) as dedupe_keys
        from hr.employees as employees
        cross join lateral (
            select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                       'starts_at', hr_private.local_time(shifts.starts_at, department.time_zone),
                       'ends_at', hr_private.local_time(shifts.ends_at, department.time_zone),
                       'position', positions.title) order by shifts.starts_at) as shifts
            from hr.shifts as shifts
            join hr.positions as positions on positions.id = shifts.position_id
            where shifts.employee_id = employees.id
              and shifts.department_id = department.id
              and shifts.status = 'scheduled'
              and shifts.starts_at >= window_start
              and shifts.starts_at < window_end) as week
        where employees.phone is not null
          and week.shifts is not null
        having pg_catalog.count(*) > 0
    ) as texts
    cross join lateral core.enqueue_many('sms.schedule_published', texts.payloads, now(), texts.dedupe_keys, department.tenant_id)
        as jobs (id);
    return published;
end
$$;
comment on function hr_api.publish_schedule(uuid, date) is 'Publishes a department''s shifts of the workweek starting on week_start (local) and texts each scheduled employee with a phone their week (sms.schedule_published; publishing the same week unchanged again sends nothing new). Returns the number of shifts published. Managers in their department, admins. Raises PT404 for an invisible department, 42501 for another department, 22023 when week_start is not the hotel''s first workweek day or lies beyond the range of timestamps. Security definer (search_path '''').';
