create function hr_api.request_leave(starts_on date, ends_on date, kind text)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    employee hr.employees;
    today date;
    hours numeric;
    available numeric;
    new_leave_id uuid;
begin
    -- locked: two requests at once would each pass the overlap and balance checks
    select * into employee from hr.employees as employees where employees.id = hr_private.current_employee_id() for no key update;
    if employee.id is null then
        raise exception 'only an employee may request leave'
            using errcode = '42501';
    end if;
    if request_leave.kind is null or request_leave.kind not in ('vacation', 'sick') then
        raise exception 'unknown leave kind %', coalesce(request_leave.kind, 'null')
            using errcode = '22023',
                  hint = 'vacation or sick';
    end if;
    if request_leave.starts_on is null or request_leave.ends_on is null
       or not pg_catalog.isfinite(request_leave.starts_on) or not pg_catalog.isfinite(request_leave.ends_on) then
        raise exception 'leave needs a finite first and last day'
            using errcode = '22023';
    end if;
    if request_leave.ends_on < request_leave.starts_on or request_leave.ends_on - request_leave.starts_on > 90 then
        raise exception 'leave from % to % must end on or after its first day and last at most 91 days', request_leave.starts_on, request_leave.ends_on
            using errcode = '22023';
    end if;
    today := hr_private.local_date(now(), employee.hotel_id);
    if request_leave.starts_on > today + 366 then
        raise exception 'leave from % starts more than a year ahead', request_leave.starts_on
            using errcode = '22023';
    end if;
    if request_leave.kind = 'vacation' and request_leave.starts_on < today then
        raise exception 'vacation cannot start in the past (%)', request_leave.starts_on
            using errcode = 'P0001';
    end if;
    if request_leave.kind = 'sick' and request_leave.starts_on < today - 30 then
        raise exception 'sick leave can be reported at most 30 days back'
            using errcode = 'P0001';
    end if;

    -- leave is taken from an employment: no day before the start date nor
    -- after the termination date (as clock_in, edit_punch and check_shift)
    if request_leave.starts_on < employee.hired_on or request_leave.ends_on > employee.terminated_on then
        raise exception '% is not employed on every day from % to %', employee.full_name, request_leave.starts_on, request_leave.ends_on
            using errcode = 'P0001',
                  detail = pg_catalog.format('hired on %s, terminated on %s', employee.hired_on, coalesce(employee.terminated_on::text, '-'));
    end if;

    -- 8 hours per weekday of the range
    select 8 * pg_catalog.count(*)
    into hours
    from pg_catalog.generate_series(request_leave.starts_on, request_leave.ends_on, interval '1 day') as days (day)
    where extract(isodow from days.day) < 6;
    if hours = 0 then
        raise exception 'leave from % to % holds no working day', request_leave.starts_on, request_leave.ends_on
            using errcode = '22023';
    end if;

    if exists (
        select
        from hr.leave_requests as requests
        where requests.employee_id = employee.id
          and requests.status in ('pending', 'approved')
          and pg_catalog.daterange(requests.starts_on, requests.ends_on, '[]')
              && pg_catalog.daterange(request_leave.starts_on, request_leave.ends_on, '[]')
    ) then
        raise exception 'you already have leave between % and %', request_leave.starts_on, request_leave.ends_on
            using errcode = 'P0001';
    end if;

    -- the balance less what is already asked for
    available := hr_private.leave_balance(employee.id, request_leave.kind)
                 - coalesce((select pg_catalog.sum(requests.hours) from hr.leave_requests as requests
                             where requests.employee_id = employee.id and requests.kind = request_leave.kind
                               and requests.status = 'pending'), 0);
    if hours > available then
        raise exception '% h of % exceed the % h available', hours, request_leave.kind, pg_catalog.round(available, 2)
            using errcode = 'P0001';
    end if;

    insert into hr.leave_requests (tenant_id, employee_id, kind, starts_on, ends_on, hours)
    values (employee.tenant_id, employee.id, request_leave.kind, request_leave.starts_on, request_leave.ends_on, hours)
    returning leave_requests.id into new_leave_id;
    return new_leave_id;
end
$$;
comment on function hr_api.request_leave(date, date, text) is 'The calling employee asks for vacation or sick leave over whole days (8 h per weekday); returns the request id. Raises 42501 without an employee record, 22023 for an unknown kind, missing, infinite or reversed dates, over 91 days, starting more than a year ahead or no weekday, P0001 for vacation in the past, sick leave over 30 days back, a day before the start date or after the termination date, an overlap with their own leave, or more hours than the balance less pending requests. Security definer (search_path '''').';
