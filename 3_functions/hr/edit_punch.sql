create function hr_api.edit_punch(punch_id uuid, clock_in_at timestamptz, clock_out_at timestamptz, reason text)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    punch hr.punches;
    employee hr.employees;
    run_status text;
    zone text;
    first_day date;
    last_day date;
begin
    perform core.check_text(edit_punch.reason, 'a reason', 1000);
    if not exists (select from hr_private.punches as punches where punches.id = edit_punch.punch_id) then
        raise exception 'punch % not found', coalesce(edit_punch.punch_id::text, 'null')
            using errcode = 'PT404';
    end if;
    select * into punch from hr.punches as punches where punches.id = edit_punch.punch_id for update;
    -- held for key share, which hr_api.terminate_employee's lock for update
    -- waits for (and this for it): an edit and a termination each check the
    -- other's date and times only once the other committed
    select * into employee from hr.employees as employees where employees.id = punch.employee_id for key share;
    perform hr_private.require_department(employee.department_id);
    if employee.user_id = core.current_user_id() then
        raise exception 'nobody may edit their own punches'
            using errcode = '42501',
                  hint = 'ask another manager or an admin';
    end if;
    if edit_punch.clock_in_at is null or not pg_catalog.isfinite(edit_punch.clock_in_at)
       or (edit_punch.clock_out_at is not null and not pg_catalog.isfinite(edit_punch.clock_out_at)) then
        raise exception 'a punch needs a finite clock-in time (and a finite clock-out time or none)'
            using errcode = '22023';
    end if;
    if edit_punch.clock_out_at <= edit_punch.clock_in_at or edit_punch.clock_out_at - edit_punch.clock_in_at > interval '24 hours' then
        raise exception 'clock-out % must be after clock-in % and within 24 hours', edit_punch.clock_out_at, edit_punch.clock_in_at
            using errcode = '22023';
    end if;
    if edit_punch.clock_in_at > now() or edit_punch.clock_out_at > now() then
        raise exception 'a punch cannot be moved into the future'
            using errcode = '22023';
    end if;
    if not core.has_text(edit_punch.reason) then
        raise exception 'an edit needs a reason'
            using errcode = '22023';
    end if;
    if edit_punch.clock_out_at is null and punch.clock_out_at is not null then
        raise exception 'a closed punch cannot be reopened'
            using errcode = '22023';
    end if;
    -- as clock_in: no hour before the employment starts or after it ends (an
    -- hour before the start has no rate and would block the hotel's payroll)
    select hotels.time_zone into zone from hr.hotels as hotels where hotels.id = employee.hotel_id;
    begin
        first_day := (edit_punch.clock_in_at at time zone zone)::date;
        last_day := (coalesce(edit_punch.clock_out_at - interval '1 microsecond', edit_punch.clock_in_at) at time zone zone)::date;
    exception
        -- a time at the start of the calendar whose local time in a zone
        -- behind UTC no timestamp holds: malformed, not a server error
        when datetime_field_overflow then
            raise exception 'a punch from % is beyond any employment', edit_punch.clock_in_at
                using errcode = '22023';
    end;
    if first_day < employee.hired_on or last_day > employee.terminated_on then
        raise exception '% is not employed on every day of the corrected punch', employee.full_name
            using errcode = 'P0001',
                  detail = pg_catalog.format('hired on %s, terminated on %s', employee.hired_on, coalesce(employee.terminated_on::text, '-'));
    end if;
    -- a payroll run stands on the punches it read: neither the old nor the new
    -- times may fall in a finalized run (immutable) nor in a draft (its
    -- payslips would be finalized stale; discard it first). The hotel's row
    -- is held for share until commit, which run_payroll's lock for no key
    -- update waits for (and this for it): a run computed while the edit is
    -- uncommitted would read the old times and keep them once both commit
    perform from hr.hotels as hotels where hotels.id = employee.hotel_id for share;
    select runs.status into run_status
    from hr.payroll_runs as runs
    join hr.hotels as hotels on hotels.id = runs.hotel_id
    where runs.hotel_id = employee.hotel_id
      and pg_catalog.daterange(runs.period_start, runs.period_end, '[]')
          && pg_catalog.daterange((least(punch.clock_in_at, edit_punch.clock_in_at) at time zone hotels.time_zone)::date,
                                  (greatest(coalesce(punch.clock_out_at, punch.clock_in_at),
                                            coalesce(edit_punch.clock_out_at, edit_punch.clock_in_at)) at time zone hotels.time_zone)::date, '[]')
    order by runs.status = 'finalized' desc
    limit 1;
    if run_status = 'finalized' then
        raise exception 'punch % falls in a finalized payroll period', punch.id
            using errcode = 'PT409';
    end if;
    if run_status = 'draft' then
        raise exception 'punch % falls in the period of a draft payroll run', punch.id
            using errcode = 'PT409',
                  hint = 'discard the draft run (discard_payroll), correct the punch, then run payroll again';
    end if;
    begin
        update hr.punches as punches
        set original_clock_in_at = coalesce(punches.original_clock_in_at, punches.clock_in_at),
            original_clock_out_at = case when punches.edited_at is null then punches.clock_out_at else punches.original_clock_out_at end,
            clock_in_at = edit_punch.clock_in_at,
            clock_out_at = edit_punch.clock_out_at,
            edited_by = core.current_user_id(),
            edited_at = now(),
            edit_reason = pg_catalog.btrim(edit_punch.reason)
        where punches.id = punch.id;
    exception
        when exclusion_violation then
            raise exception 'the corrected punch would overlap another punch of %', employee.full_name
                using errcode = 'P0001',
                      detail = 'refused by the exclusion constraint punches_no_overlap';
    end;
end
$$;
comment on function hr_api.edit_punch(uuid, timestamptz, timestamptz, text) is 'Corrects a punch''s times with a reason. The first recorded times are kept in original_clock_in_at/original_clock_out_at, and every edit is in the audit log. The department''s manager or an admin, never for their own punches. Raises PT404 for an invisible punch, 42501 for another role or department or one''s own punch, 22023 for missing, infinite, reversed, future or over-24-hour times (or ones before what a local timestamp holds), a missing or blank reason (white space or invisible characters only, core.has_text) or one over 1000 characters, or reopening a closed punch, P0001 for times outside the employment (a local day before the hire date or after the termination date, as clock_in refuses), PT409 for a punch in a finalized payroll period or in the period of a draft run (discard it first, so that no run is finalized on punches changed after it was computed; the hotel''s row is held for share, so an edit and a run_payroll of the hotel wait for each other), P0001 when the new times overlap another punch of the employee (exclusion constraint punches_no_overlap). Security definer (search_path '''').';
