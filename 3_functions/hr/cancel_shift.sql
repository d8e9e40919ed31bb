create function hr_api.cancel_shift(shift_id uuid)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    shift hr.shifts;
begin
    if not exists (select from hr_private.shifts as shifts where shifts.id = cancel_shift.shift_id) then
        raise exception 'shift % not found', coalesce(cancel_shift.shift_id::text, 'null')
            using errcode = 'PT404';
    end if;
    select * into shift from hr.shifts as shifts where shifts.id = cancel_shift.shift_id for update;
    perform hr_private.require_department(shift.department_id);
    if shift.status = 'cancelled' then
        raise exception 'shift % is already cancelled', shift.id
            using errcode = 'PT409';
    end if;
    if shift.starts_at <= now() then
        raise exception 'shift % has already started (%) and cannot be cancelled', shift.id, shift.starts_at
            using errcode = 'PT409';
    end if;
    -- a shift its employee has clocked in on is being worked
    perform hr_private.require_unworked(shift.id, shift.employee_id);
    update hr.shifts as shifts set status = 'cancelled' where shifts.id = shift.id;
    update hr.shift_swaps as swaps
    set status = 'withdrawn', decided_at = now()
    where swaps.shift_id = shift.id and swaps.status = 'requested';
end
$$;
comment on function hr_api.cancel_shift(uuid) is 'Cancels a shift (kept, with status cancelled; pending swap offers are withdrawn). Managers in their department, admins. Raises PT404 for an invisible shift, 42501 for another department, PT409 when already cancelled, already started, or already clocked in on by its employee (a punch linked to it, up to an hour before the start) (a shift under way or past is history: the scheduled-against-worked report keeps it). Security definer (search_path '''').';
