create function hr_api.request_swap(shift_id uuid, to_employee_id uuid)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    me uuid := hr_private.current_employee_id();
    shift hr.shifts;
    new_swap_id uuid;
begin
    if me is null then
        raise exception 'only an employee may offer a shift'
            using errcode = '42501';
    end if;
    if not exists (select from hr_private.shifts as shifts where shifts.id = request_swap.shift_id) then
        raise exception 'shift % not found', coalesce(request_swap.shift_id::text, 'null')
            using errcode = 'PT404';
    end if;
    select * into shift from hr.shifts as shifts where shifts.id = request_swap.shift_id for update;
    if shift.employee_id is distinct from me then
        raise exception 'only the employee of shift % may offer it', shift.id
            using errcode = '42501';
    end if;
    -- a draft (published_at null) is the manager's working copy, which may
    -- still change or go: an employee does not see it (the policy
    -- shifts_select_colleague, so PT404 above); a manager who sees their
    -- department's drafts offers their own shift once it is published
    if shift.published_at is null then
        raise exception 'shift % is a draft, not published yet', shift.id
            using errcode = 'PT409',
                  hint = 'a shift is offered once its week is published (publish_schedule)';
    end if;
    if shift.status <> 'scheduled' or shift.starts_at < now() then
        raise exception 'shift % can no longer be swapped', shift.id
            using errcode = 'PT409';
    end if;
    -- a shift its employee has clocked in on is being worked
    perform hr_private.require_unworked(shift.id, shift.employee_id);
    if not exists (select from hr_private.employees as employees
                   where employees.id = request_swap.to_employee_id and employees.hotel_id = shift.hotel_id) then
        raise exception 'colleague % not found at this hotel', coalesce(request_swap.to_employee_id::text, 'null')
            using errcode = 'PT404';
    end if;
    if request_swap.to_employee_id = me then
        raise exception 'a shift cannot be offered to oneself'
            using errcode = '22023';
    end if;
    if exists (select from hr.shift_swaps as swaps where swaps.shift_id = shift.id and swaps.status = 'requested') then
        raise exception 'shift % is already offered', shift.id
            using errcode = 'PT409';
    end if;
    insert into hr.shift_swaps (tenant_id, shift_id, from_employee_id, to_employee_id)
    values (shift.tenant_id, shift.id, me, request_swap.to_employee_id)
    returning shift_swaps.id into new_swap_id;
    return new_swap_id;
end
$$;
comment on function hr_api.request_swap(uuid, uuid) is 'The employee of a scheduled shift offers it to a colleague of the same hotel; the colleague accepts with accept_swap. Only a published shift: a draft (published_at null) is invisible to an employee. Raises 42501 when the caller is not the shift''s employee, PT404 for an invisible shift (an employee''s own draft included) or colleague, PT409 for a shift past, cancelled, already offered or already clocked in on (a punch linked to it), or a draft the caller sees (a manager''s own shift in their department), 22023 for oneself. Security definer (search_path '''').';
