create function hr_api.clock_out()
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    me uuid := hr_private.current_employee_id();
    punch_id uuid;
    opened_at timestamptz;
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
    update hr.punches as punches
    set clock_out_at = greatest(now(), punches.clock_in_at + interval '1 second')
    where punches.id = punch_id;
    return punch_id;
end
$$;
comment on function hr_api.clock_out() is 'The calling employee clocks out of their open punch and gets its id. Raises 42501 for a caller without an employee record, PT409 when not clocked in, P0001 when the punch opened more than 24 hours ago (no punch is longer, as edit_punch allows none; the department''s manager closes it with edit_punch). Security definer (search_path '''').';
