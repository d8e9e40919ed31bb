create function hr_api.clock_in()
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    employee hr.employees;
    shift_id uuid;
    punch_id uuid;
begin
    -- held for key share, the weakest lock that hr_api.terminate_employee's
    -- lock for update waits for (and this for it), taken before the dates are
    -- checked: a clock-in waiting for a termination reads the row afresh with
    -- its termination date, a termination waiting for a clock-in sees its
    -- open punch. Key share does not wait for scheduling or a leave request
    -- of the same employee (their no key update), which need not serialise
    -- with a clock-in. The caller's record is found even after their last
    -- day (unlike hr_private.current_employee_id; as clock_out does), so that
    -- a former employee is told that the employment ended
    select * into employee from hr.employees as employees where employees.user_id = core.current_user_id() for key share;
    if employee.id is null then
        raise exception 'only an employee may clock in'
            using errcode = '42501';
    end if;
    if employee.hired_on > hr_private.local_date(now(), employee.hotel_id) then
        raise exception '% starts on %', employee.full_name, employee.hired_on
            using errcode = '42501';
    end if;
    if employee.terminated_on < hr_private.local_date(now(), employee.hotel_id) then
        raise exception '% left on %', employee.full_name, employee.terminated_on
            using errcode = '42501';
    end if;
    if exists (select from hr.punches as punches where punches.employee_id = employee.id and punches.clock_out_at is null) then
        raise exception '% is already clocked in', employee.full_name
            using errcode = 'PT409';
    end if;
    -- the scheduled shift this punch belongs to: one running now, or starting
    -- within the hour, and published. A draft is the manager's working copy,
    -- which the employee has not been told of (they see it neither in
    -- hr_api.shifts nor by text): it is not their schedule yet, so a punch
    -- against it is flagged unscheduled for the manager, as one without any
    -- shift, and the punch's shift_id never shows the employee a draft.
    -- Held for key share: a swap or cancellation of the shift (which locks it
    -- for update and refuses a shift with a punch) under way is waited for,
    -- and the shift read afresh, so a punch never lands on a shift handed on
    -- or cancelled meanwhile
    select shifts.id into shift_id
    from hr.shifts as shifts
    where shifts.employee_id = employee.id
      and shifts.status = 'scheduled'
      and shifts.published_at is not null
      and shifts.starts_at - interval '1 hour' <= now()
      and shifts.ends_at > now()
    order by shifts.starts_at
    limit 1
    for key share;
    begin
        insert into hr.punches (tenant_id, employee_id, shift_id, clock_in_at, is_unscheduled)
        values (employee.tenant_id, employee.id, shift_id, now(), shift_id is null)
        returning punches.id into punch_id;
    exception
        when exclusion_violation then
            raise exception '% has a punch reaching past now', employee.full_name
                using errcode = 'PT409',
                      detail = 'refused by the exclusion constraint punches_no_overlap';
    end;
    return punch_id;
end
$$;
comment on function hr_api.clock_in() is 'The calling employee clocks in now and gets the punch id. The punch is linked to their published scheduled shift running now or starting within the hour; without one (a draft shift does not count: the employee has not been told of it) it is accepted and flagged is_unscheduled for the manager. The shift is held for key share, so a swap or cancellation of it under way (which refuse a shift with a punch) is waited for. Raises 42501 for a caller without an employee record or one whose employment has not started (a hire with a later start date: hours before it have no pay rate and would block the hotel''s payroll) or has ended, PT409 when already clocked in or when a punch reaches past now (punches never overlap). Security definer (search_path '''').';
