create function hr_api.decline_swap(swap_id uuid)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    me uuid := hr_private.current_employee_id();
    swap hr.shift_swaps;
begin
    if not exists (select from hr_private.shift_swaps as swaps where swaps.id = decline_swap.swap_id) then
        raise exception 'swap % not found', coalesce(decline_swap.swap_id::text, 'null')
            using errcode = 'PT404';
    end if;
    select * into swap from hr.shift_swaps as swaps where swaps.id = decline_swap.swap_id for update;
    if me is null or me not in (swap.from_employee_id, swap.to_employee_id) then
        raise exception 'only the two employees of an offer may withdraw or decline it'
            using errcode = '42501';
    end if;
    -- an offer of a draft shift (only one made before request_swap refused
    -- drafts: nothing unpublishes a shift) is answered as an unknown one, as
    -- accept_swap does: the employees do not see the draft; the manager
    -- cancels or publishes it, which ends or revives the offer
    if (select shifts.published_at from hr.shifts as shifts where shifts.id = swap.shift_id) is null then
        raise exception 'swap % not found', swap.id
            using errcode = 'PT404',
                  detail = 'its shift is a draft, not published yet';
    end if;
    if swap.status <> 'requested' then
        raise exception 'swap % is already %', swap.id, swap.status
            using errcode = 'PT409';
    end if;
    update hr.shift_swaps as swaps
    set status = case when me = swap.from_employee_id then 'withdrawn' else 'declined' end,
        decided_at = now()
    where swaps.id = swap.id;
end
$$;
comment on function hr_api.decline_swap(uuid) is 'Ends a pending shift offer: the colleague it was made to declines it, the employee who made it withdraws it; the shift stays where it is. Raises PT404 for an invisible offer or one of a draft shift (published_at null: invisible to an employee), 42501 for anyone else (a manager of the department included), PT409 when already decided. Security definer (search_path '''').';
