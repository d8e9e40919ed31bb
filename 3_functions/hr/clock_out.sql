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
begin
    if me is null then
        raise exception 'only an employee may clock out'
            using errcode = '42501';
    end if;
    update hr.punches as punches
    set clock_out_at = greatest(now(), punches.clock_in_at + interval '1 second')
    where punches.employee_id = me
      and punches.clock_out_at is null
    returning punches.id into punch_id;
    if punch_id is null then
        raise exception 'not clocked in'
            using errcode = 'PT409';
    end if;
    return punch_id;
end
$$;
comment on function hr_api.clock_out() is 'The calling employee clocks out of their open punch and gets its id. Raises 42501 for a caller without an employee record, PT409 when not clocked in. Security definer (search_path '''').';
