create function hr_api.clock_out()
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    -- the caller's record even after their last day (unlike
    -- hr_private.current_employee_id), so that a former employee's clock-out
    -- past it gets the rule below and its hint rather than a bare 42501
    me uuid := (select employees.id from hr.employees as employees where employees.user_id = core.current_user_id());
    punch_id uuid;
    opened_at timestamptz;
    closed_at timestamptz;
    employee hr.employees;
begin
    if me is null then
        raise exception 'only an employee may clock out'
            using errcode = '42501';
    end if;
    select punches.id, punches.clock_in_at
    into punch_id, opened_at
    from hr.punches as punches
    where punches.employee_id = me
      and punches.clock_out_at is null
    for update;
    if punch_id is null then
        raise exception 'not clocked in'
            using errcode = 'PT409';
    end if;
    -- no punch lasts over 24 hours, as edit_punch allows none: a clock-out a
    -- day or more after the clock-in is a forgotten one, whose hours a
    -- manager sets (and the audit log records), not the clock
    if now() - opened_at > interval '24 hours' then
        raise exception 'clocked in since %, more than 24 hours ago', opened_at
            using errcode = 'P0001',
                  hint = 'the department''s manager closes the punch with the hours worked (edit_punch)';
    end if;
    -- as clock_in and edit_punch: no hour after the employment ended. A punch
    -- opened on the last day and clocked out after its local midnight would
    -- pay a former employee for hours no shift may hold (check_shift) and no
    -- edit may write: the punch stays open and the manager closes it within
    -- the employment
    closed_at := greatest(now(), opened_at + interval '1 second');
    select * into employee from hr.employees as employees where employees.id = me;
    if hr_private.local_date(closed_at - interval '1 microsecond', employee.hotel_id) > employee.terminated_on then
        raise exception '% left on %: a clock-out after that day is refused', employee.full_name, employee.terminated_on
            using errcode = 'P0001',
                  hint = 'the department''s manager closes the punch within the employment (edit_punch)';
    end if;
    update hr.punches as punches
    set clock_out_at = closed_at
    where punches.id = punch_id;
    return punch_id;
end
$$;
comment on function hr_api.clock_out() is 'The calling employee clocks out of their open punch and gets its id. Raises 42501 for a caller without an employee record, PT409 when not clocked in, P0001 when the punch opened more than 24 hours ago (no punch is longer, as edit_punch allows none) or when the clock-out falls on a local day after the termination date (as clock_in and edit_punch refuse such hours); in both cases the punch stays open and the department''s manager closes it with edit_punch. Security definer (search_path '''').';
