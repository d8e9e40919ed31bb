create function hr_private.check_shift(shift_id uuid)
returns void
language plpgsql
stable
set search_path = ''
as $$
declare
    shift hr.shifts;
    employee hr.employees;
    hotel hr.hotels;
    local_start timestamp;
    local_end timestamp;
    start_day date;
    end_day date;
    employee_age int;
    working_time hr.working_time_rules;
    minor hr.minor_rules;
    missing text[];
    neighbour timestamptz;
    the_day date;
    week date;
    hours numeric;
    day_limit numeric;
    is_school boolean;
    latest time;
    part_start timestamp;
    part_end timestamp;
    leave hr.leave_requests;
begin
    -- every caller passes a scheduled shift with its employee
    select * into shift from hr.shifts as shifts where shifts.id = check_shift.shift_id;
    select * into employee from hr.employees as employees where employees.id = shift.employee_id;
    select * into hotel from hr.hotels as hotels where hotels.id = shift.hotel_id;

    -- every rule is judged in the hotel's zone
    local_start := shift.starts_at at time zone hotel.time_zone;
    local_end := shift.ends_at at time zone hotel.time_zone;
    start_day := local_start::date;
    end_day := (local_end - interval '1 microsecond')::date;

    if start_day < employee.hired_on or end_day > employee.terminated_on then
        raise exception '% is not employed on %', employee.full_name, start_day
            using errcode = 'P0001',
                  detail = pg_catalog.format('hired on %s, terminated on %s', employee.hired_on, coalesce(employee.terminated_on::text, '-'));
    end if;

    -- approved leave: no shift yet to start on any of its days (a shift
    -- already started when sick leave was approved for its day stays)
    select * into leave
    from hr.leave_requests as requests
    where requests.employee_id = employee.id
      and requests.status = 'approved'
      and requests.starts_on <= end_day
      and requests.ends_on >= start_day
      and shift.starts_at > now()
    order by requests.starts_on
    limit 1;
    if leave.id is not null then
        raise exception '% is on approved % leave during this shift', employee.full_name, leave.kind
            using errcode = 'P0001',
                  detail = pg_catalog.format('leave from %s to %s; the shift from %s to %s', leave.starts_on, leave.ends_on, local_start, local_end);
    end if;

    -- certificates: one valid on every local day of the shift, for each kind the position requires
    select pg_catalog.array_agg(required.kind order by required.kind)
    into missing
    from hr.position_certifications as required
    where required.position_id = shift.position_id
      and not exists (
          select
          from hr.certifications as certifications
          where certifications.employee_id = employee.id
            and certifications.kind = required.kind
            and certifications.issued_on <= start_day
            and certifications.expires_on >= end_day);
    if missing is not null then
        raise exception '% has no valid % certificate for this shift', employee.full_name, pg_catalog.array_to_string(missing, ', ')
            using errcode = 'P0001',
                  detail = pg_catalog.format('the position requires %s from %s to %s', pg_catalog.array_to_string(missing, ', '), start_day, end_day),
                  hint = 'a missing or expired certificate blocks scheduling into the position';
    end if;

    select * into working_time
    from hr.working_time_rules as rules
    where rules.jurisdiction = hotel.jurisdiction
      and rules.effective_from <= start_day
      and (rules.tenant_id is null or rules.tenant_id = shift.tenant_id)
    order by rules.tenant_id nulls last, rules.effective_from desc
    limit 1;

    if employee.birth_date is null then
        raise exception '% has no birth date on record: the working-age and minors'' rules cannot be checked', employee.full_name
            using errcode = 'P0001',
                  hint = 'record it with set_employee_details';
    end if;
    employee_age := extract(year from pg_catalog.age(start_day, employee.birth_date))::int;
    if employee_age < working_time.minimum_age then
        raise exception '% is % years old on %: the youngest age to work in % is %', employee.full_name, employee_age, start_day,
                hotel.jurisdiction, working_time.minimum_age
            using errcode = 'P0001';
    end if;

    -- rest between shifts (real elapsed time, so a daylight-saving change counts as it is lived);
    -- the neighbours are the shifts ending before this one starts and starting
    -- after it ends (two scheduled shifts of one employee never overlap), so a
    -- shift right after another, with no rest at all, is found
    if working_time.min_rest_hours is not null then
        select shifts.ends_at into neighbour
        from hr.shifts as shifts
        where shifts.employee_id = employee.id
          and shifts.status = 'scheduled'
          and shifts.id <> shift.id
          and shifts.ends_at <= shift.starts_at
        order by shifts.starts_at desc
        limit 1;
        if neighbour is not null and shift.starts_at - neighbour < pg_catalog.make_interval(secs => working_time.min_rest_hours * 3600) then
            raise exception '% would rest only % h before this shift; % requires % h', employee.full_name,
                    pg_catalog.round(extract(epoch from shift.starts_at - neighbour) / 3600, 2), hotel.jurisdiction, working_time.min_rest_hours
                using errcode = 'P0001';
        end if;
        neighbour := null;
        select shifts.starts_at into neighbour
        from hr.shifts as shifts
        where shifts.employee_id = employee.id
          and shifts.status = 'scheduled'
          and shifts.id <> shift.id
          and shifts.starts_at >= shift.ends_at
        order by shifts.starts_at
        limit 1;
        if neighbour is not null and neighbour - shift.ends_at < pg_catalog.make_interval(secs => working_time.min_rest_hours * 3600) then
            raise exception '% would rest only % h after this shift; % requires % h', employee.full_name,
                    pg_catalog.round(extract(epoch from neighbour - shift.ends_at) / 3600, 2), hotel.jurisdiction, working_time.min_rest_hours
                using errcode = 'P0001';
        end if;
    end if;

    -- weekly limit, per fixed workweek the shift touches
    if working_time.max_weekly_hours is not null then
        for week in
            select pg_catalog.generate_series(hr_private.week_start(start_day, hotel.workweek_starts_on),
                                              hr_private.week_start(end_day, hotel.workweek_starts_on), interval '7 days')::date
        loop
            hours := hr_private.scheduled_hours(employee.id, week::timestamp at time zone hotel.time_zone,
                                                (week + 7)::timestamp at time zone hotel.time_zone);
            if hours > working_time.max_weekly_hours then
                raise exception '% would work % h in the week of %; % allows % h', employee.full_name, pg_catalog.round(hours, 2), week,
                        hotel.jurisdiction, working_time.max_weekly_hours
                    using errcode = 'P0001';
            end if;
        end loop;
    end if;

    -- minors
    select * into minor
    from hr.minor_rules as rules
    where rules.jurisdiction = hotel.jurisdiction
      and rules.effective_from <= start_day
      and (rules.tenant_id is null or rules.tenant_id = shift.tenant_id)
      and employee_age between rules.min_age and rules.max_age
    order by rules.tenant_id nulls last, rules.effective_from desc
    limit 1;
    if found then
        for the_day in select pg_catalog.generate_series(start_day, end_day, interval '1 day')::date loop
            part_start := greatest(local_start, the_day::timestamp);
            part_end := least(local_end, (the_day + 1)::timestamp);
            latest := case when the_day between pg_catalog.make_date(extract(year from the_day)::int, minor.summer_starts_month, minor.summer_starts_day)
                                        and hr_private.labor_day(extract(year from the_day)::int)
                           then minor.summer_latest_end else minor.latest_end end;
            if part_start < the_day + minor.earliest_start or part_end > the_day + latest then
                raise exception '% is % years old: on % they may work only between % and %', employee.full_name, employee_age, the_day,
                        pg_catalog.to_char(minor.earliest_start, 'HH24:MI'), pg_catalog.to_char(latest, 'HH24:MI')
                    using errcode = 'P0001';
            end if;
            is_school := exists (select from hr.school_days as school_days
                                 where school_days.hotel_id = hotel.id and school_days.day = the_day);
            hours := hr_private.scheduled_hours(employee.id, the_day::timestamp at time zone hotel.time_zone,
                                                (the_day + 1)::timestamp at time zone hotel.time_zone);
            day_limit := case when is_school then minor.school_day_max_hours else minor.non_school_day_max_hours end;
            if hours > day_limit then
                raise exception '% is % years old: % h on % exceeds the % h of a %', employee.full_name, employee_age, pg_catalog.round(hours, 2), the_day,
                        day_limit,
                        case when is_school then 'school day' else 'non-school day' end
                    using errcode = 'P0001';
            end if;
        end loop;
        for week in
            select pg_catalog.generate_series(hr_private.week_start(start_day, hotel.workweek_starts_on),
                                              hr_private.week_start(end_day, hotel.workweek_starts_on), interval '7 days')::date
        loop
            is_school := exists (select from hr.school_days as school_days
                                 where school_days.hotel_id = hotel.id and school_days.day between week and week + 6);
            hours := hr_private.scheduled_hours(employee.id, week::timestamp at time zone hotel.time_zone,
                                                (week + 7)::timestamp at time zone hotel.time_zone);
            day_limit := case when is_school then minor.school_week_max_hours else minor.non_school_week_max_hours end;
            if hours > day_limit then
                raise exception '% is % years old: % h in the week of % exceeds the % h of a %', employee.full_name, employee_age, pg_catalog.round(hours, 2), week,
                        day_limit,
                        case when is_school then 'school week' else 'non-school week' end
                    using errcode = 'P0001';
            end if;
        end loop;
    end if;
end
$$;
comment on function hr_private.check_shift(uuid) is 'Every scheduling rule for a scheduled shift that has its employee, judged with the shift in place and in the hotel''s time zone: employed on those days; not on approved leave on any of them (for a shift yet to start); a valid certificate of each kind the position requires on every local day; the youngest working age; rest before and after (real elapsed time, so across a daylight-saving change too) and the hours of each workweek the shift touches (hr.working_time_rules); for minors (hr.minor_rules) the hours of each local day and workweek it touches (school days from hr.school_days) and the local time window (later in summer, June 1 through Labor Day). A shift across midnight counts in both days and, at a week''s end, in both workweeks. Raises P0001 naming the rule. Overlaps are refused earlier by the exclusion constraint of hr.shifts. Called by schedule_shift, take_open_shift and accept_swap after they write the shift, so a refusal rolls the write back.';
