create function hr_api.terminate_employee(employee_id uuid, last_day date, reason text)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    employee hr.employees;
    today date;
    found_day date;
    found_count int;
begin
    perform core.check_text(terminate_employee.reason, 'a reason', 1000);
    -- an employee of the caller's own group: a manager of another department
    -- learns only that the record is not theirs (42501 below), another group
    -- nothing at all
    if not exists (select
                   from hr.employees as employees
                   where employees.id = terminate_employee.employee_id
                     and employees.tenant_id = (select core.current_tenant_id())) then
        raise exception 'employee % not found', coalesce(terminate_employee.employee_id::text, 'null')
            using errcode = 'PT404';
    end if;
    -- the row is locked for the rest of the transaction. What serialises with
    -- what: before they check the termination date and write, clock_in and
    -- edit_punch hold the row for key share, schedule_shift, take_open_shift,
    -- accept_swap and request_leave for no key update, decide_leave for
    -- update; each of those conflicts with this lock for update, so either
    -- this waits here and every check below (each statement reads afresh)
    -- sees what the other wrote, or the other waits for this transaction and
    -- then reads the row with its termination date. For update, not for no
    -- key update: an update by the transaction that holds the row for update
    -- counts as a key update, which even a key share lock waits for
    select * into employee from hr.employees as employees where employees.id = terminate_employee.employee_id for update;
    perform hr_private.require_department(employee.department_id);
    if employee.user_id = core.current_user_id() then
        raise exception 'nobody may end their own employment'
            using errcode = '42501',
                  hint = 'another manager or an admin records it';
    end if;
    if terminate_employee.last_day is null or not pg_catalog.isfinite(terminate_employee.last_day) then
        raise exception 'the last day must be a finite date, not %', coalesce(terminate_employee.last_day::text, 'null')
            using errcode = '22023';
    end if;
    -- bounded as hire's start and set_pay_rate's date: a typo (20270 for
    -- 2027) would stand for good, as a second termination is PT409
    if terminate_employee.last_day > hr_private.local_date(now(), employee.hotel_id) + 366 then
        raise exception 'the last day % is more than a year ahead', terminate_employee.last_day
            using errcode = '22023',
                  hint = pg_catalog.format('give a last day on or before %s (the hotel''s today plus 366 days)',
                                           hr_private.local_date(now(), employee.hotel_id) + 366);
    end if;
    if not core.has_text(terminate_employee.reason) then
        raise exception 'a termination needs a reason'
            using errcode = '22023';
    end if;
    if employee.terminated_on is not null then
        raise exception '% was already terminated on %', employee.full_name, employee.terminated_on
            using errcode = 'PT409';
    end if;

    if terminate_employee.last_day < employee.hired_on then
        raise exception 'the last day % of % is before the hire date', terminate_employee.last_day, employee.full_name
            using errcode = 'P0001',
                  detail = pg_catalog.format('hired on %s', employee.hired_on),
                  hint = 'give a last day on or after the hire date (an offer withdrawn before the start is ended on the start date)';
    end if;

    -- hours after the last day: the times the database holds, whatever day
    -- the caller names (a last day in the past is allowed only if nothing
    -- was recorded after it)
    if exists (select from hr.punches as punches where punches.employee_id = employee.id and punches.clock_out_at is null) then
        raise exception '% is clocked in', employee.full_name
            using errcode = 'P0001',
                  detail = 'an open punch has no end, so no last day can be judged against it',
                  hint = 'have the employee clock out, or the department''s manager close the punch (edit_punch), then terminate';
    end if;
    select pg_catalog.min(hr_private.local_date(punches.clock_out_at - interval '1 microsecond', employee.hotel_id)), pg_catalog.count(*)
    into found_day, found_count
    from hr.punches as punches
    where punches.employee_id = employee.id
      and hr_private.local_date(punches.clock_out_at - interval '1 microsecond', employee.hotel_id) > terminate_employee.last_day;
    if found_count > 0 then
        raise exception '% has % punches after the last day %', employee.full_name, found_count, terminate_employee.last_day
            using errcode = 'P0001',
                  detail = pg_catalog.format('the first ends on %s (hotel-local)', found_day),
                  hint = 'give the last day actually worked, or correct the punches (edit_punch) first';
    end if;

    -- shifts yet to start reaching a day after the last day (as decide_leave
    -- for leave; check_shift refuses them once the date is set); a shift that
    -- has started is history, judged by its punches above
    select pg_catalog.min(hr_private.local_date(shifts.starts_at, shifts.hotel_id)), pg_catalog.count(*)
    into found_day, found_count
    from hr.shifts as shifts
    where shifts.employee_id = employee.id
      and shifts.status = 'scheduled'
      and shifts.starts_at > now()
      and hr_private.local_date(shifts.ends_at - interval '1 microsecond', shifts.hotel_id) > terminate_employee.last_day;
    if found_count > 0 then
        raise exception '% has % shifts scheduled after the last day %', employee.full_name, found_count, terminate_employee.last_day
            using errcode = 'P0001',
                  detail = pg_catalog.format('the first starts on %s (hotel-local)', found_day),
                  hint = 'cancel those shifts or have them swapped, then terminate';
    end if;

    select pg_catalog.min(requests.starts_on), pg_catalog.count(*)
    into found_day, found_count
    from hr.leave_requests as requests
    where requests.employee_id = employee.id
      and requests.status in ('pending', 'approved')
      and requests.ends_on > terminate_employee.last_day;
    if found_count > 0 then
        raise exception '% has % pending or approved leave requests with a day after the last day %', employee.full_name, found_count,
                terminate_employee.last_day
            using errcode = 'P0001',
                  detail = pg_catalog.format('the first starts on %s', found_day),
                  hint = 'reject the pending requests (decide_leave); approved leave cannot be withdrawn, so give a last day on or after its end';
    end if;

    update hr.employees as employees
    set terminated_on = terminate_employee.last_day,
        termination_reason = pg_catalog.btrim(terminate_employee.reason)
    where employees.id = employee.id;

    -- a last day already over in the hotel's zone: the login goes at once
    -- (a later one goes with hr_private.deactivate_departed_logins)
    today := hr_private.local_date(now(), employee.hotel_id);
    if terminate_employee.last_day < today then
        update core.users as users
        set is_active = false
        where users.id = employee.user_id
          and users.is_active;
    end if;
end
$$;
comment on function hr_api.terminate_employee(uuid, date, text) is 'Ends an employment: records the last day (hr.employees.terminated_on, a hotel-local date, in the past too, as terminations are often recorded late) and the reason (termination_reason; the audit log keeps the change). From the local midnight after the last day the former employee is no one (hr_private.current_employee_id and its siblings return null), and the login is deactivated at once when that day is already over, else by hr_private.deactivate_departed_logins. The department''s manager or an admin of the group, never for oneself. Raises PT404 for an employee outside the caller''s group, 42501 for another role or department or one''s own employment, 22023 for a null or infinite last day, one more than 366 days after the hotel''s today, or a reason missing, blank (white space or invisible characters only, core.has_text) or over 1000 characters, PT409 when already terminated, P0001 (each with a detail and a hint saying what to do first) for a last day before the hire date, an open punch, a punch ending on a local day after the last day, a scheduled shift yet to start that reaches a local day after it (cancel or swap it first), or pending or approved leave with a day after it. Locks the employee''s row for update, which the functions writing punches, shifts and leave also lock (key share or stronger) before they check the dates, so a termination and a concurrent clock-in, schedule or leave request never both pass. Security definer (search_path '''') because API roles have no privilege on hr.employees or core.users.';
