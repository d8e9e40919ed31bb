create function hr_api.take_open_shift(shift_id uuid)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    shift hr.shifts;
    taker_id uuid := hr_private.current_employee_id();
begin
    if taker_id is null then
        raise exception 'only an employee may take an open shift'
            using errcode = '42501';
    end if;
    if not exists (select from hr_private.shifts as shifts where shifts.id = take_open_shift.shift_id) then
        raise exception 'shift % not found', coalesce(take_open_shift.shift_id::text, 'null')
            using errcode = 'PT404';
    end if;
    select * into shift from hr.shifts as shifts where shifts.id = take_open_shift.shift_id for update;
    -- a draft open shift is the manager's working copy: an employee does not
    -- see it (the policy shifts_select_colleague, so PT404 above); a manager
    -- who sees their department's drafts takes it once it is published
    if shift.published_at is null then
        raise exception 'shift % is a draft, not published yet', shift.id
            using errcode = 'PT409',
                  hint = 'an open shift is taken once its week is published (publish_schedule)';
    end if;
    if shift.status <> 'open' then
        raise exception 'shift % is not open (%)', shift.id, shift.status
            using errcode = 'PT409';
    end if;
    if shift.starts_at < now() then
        raise exception 'shift % has already started', shift.id
            using errcode = 'PT409';
    end if;
    -- an open shift offered before the group shortened its horizon (or
    -- written by an import) is not handed out past it
    perform hr_private.require_horizon(shift.hotel_id, shift.starts_at);
    -- serialize with any other scheduling of the taker (see schedule_shift)
    perform from hr.employees as employees where employees.id = taker_id for no key update;
    begin
        update hr.shifts as shifts
        set employee_id = taker_id,
            status = 'scheduled'
        where shifts.id = shift.id;
    exception
        when exclusion_violation then
            raise exception 'you already have a shift overlapping % to %', shift.starts_at, shift.ends_at
                using errcode = 'P0001',
                      detail = 'refused by the exclusion constraint shifts_no_overlap';
    end;
    perform hr_private.check_shift(shift.id);
end
$$;
comment on function hr_api.take_open_shift(uuid) is 'The calling employee takes an open shift of their hotel; every scheduling check is re-run for them (hr_private.check_shift: certificates, rest, weekly hours, minors) and an overlap is refused by the exclusion constraint. Only a published open shift. Raises 42501 without an employee record, PT404 for an invisible shift (a shift of another hotel, or a draft, published_at null, for an employee; the foreign key of hr.shifts to the employee''s hotel backs the first), PT409 for a shift not open or already started, or a draft the caller sees (a manager in their department), 22023 for a shift starting past the group''s scheduling horizon (hr_private.require_horizon), P0001 for any broken rule. Security definer (search_path '''') because API roles cannot write hr.shifts.';
