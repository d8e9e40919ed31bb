create function hr_api.accept_swap(swap_id uuid)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    me uuid := hr_private.current_employee_id();
    swap hr.shift_swaps;
    shift hr.shifts;
begin
    if not exists (select from hr_private.shift_swaps as swaps where swaps.id = accept_swap.swap_id) then
        raise exception 'swap % not found', coalesce(accept_swap.swap_id::text, 'null')
            using errcode = 'PT404';
    end if;
    -- the shift first, then its offer: the order cancel_shift and
    -- request_swap take them in (taking the offer first deadlocked with a
    -- cancellation of the shift). An offer's shift never changes.
    select * into shift
    from hr.shifts as shifts
    where shifts.id = (select swaps.shift_id from hr.shift_swaps as swaps where swaps.id = accept_swap.swap_id)
    for update;
    select * into swap from hr.shift_swaps as swaps where swaps.id = accept_swap.swap_id for update;
    if swap.to_employee_id is distinct from me then
        raise exception 'only the colleague the shift was offered to may accept it'
            using errcode = '42501';
    end if;
    -- an offer of a draft shift (only one made before request_swap refused
    -- drafts: nothing unpublishes a shift) is answered as an unknown one: the
    -- colleague does not see the draft, and it may still change or go
    if shift.published_at is null then
        raise exception 'swap % not found', swap.id
            using errcode = 'PT404',
                  detail = 'its shift is a draft, not published yet';
    end if;
    if swap.status <> 'requested' then
        raise exception 'swap % is already %', swap.id, swap.status
            using errcode = 'PT409';
    end if;
    if shift.status <> 'scheduled' or shift.employee_id <> swap.from_employee_id or shift.starts_at < now() then
        raise exception 'shift % can no longer be swapped', shift.id
            using errcode = 'PT409';
    end if;
    -- a shift its employee has clocked in on is being worked
    perform hr_private.require_unworked(shift.id, shift.employee_id);
    -- a shift past the group's horizon (scheduled before the group shortened
    -- it, or imported) changes hands no more
    perform hr_private.require_horizon(shift.hotel_id, shift.starts_at);
    -- serialize with any other scheduling of the taker (see schedule_shift)
    perform from hr.employees as employees where employees.id = me for no key update;
    begin
        update hr.shifts as shifts set employee_id = me where shifts.id = shift.id;
    exception
        when exclusion_violation then
            raise exception 'you already have a shift overlapping % to %', shift.starts_at, shift.ends_at
                using errcode = 'P0001',
                      detail = 'refused by the exclusion constraint shifts_no_overlap';
    end;
    perform hr_private.check_shift(shift.id);
    update hr.shift_swaps as swaps set status = 'accepted', decided_at = now() where swaps.id = swap.id;
end
$$;
comment on function hr_api.accept_swap(uuid) is 'The colleague a shift was offered to takes it: every scheduling check is re-run for them (hr_private.check_shift) and an overlap is refused by the exclusion constraint; any refusal leaves shift and offer as they were. Raises PT404 for an invisible offer or one of a draft shift (published_at null: invisible to an employee), 42501 for anyone but the colleague, PT409 for an offer already decided or a shift changed, past, cancelled or already clocked in on by its employee (a punch linked to it), 22023 for a shift starting past the group''s scheduling horizon (hr_private.require_horizon), P0001 for a broken rule. Security definer (search_path '''').';
