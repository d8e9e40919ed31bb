create function hr_api.schedule_open_shift(position_id uuid, starts_at timestamptz, ends_at timestamptz)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    target record;
    new_shift_id uuid;
begin
    perform hr_private.require_shift_times(schedule_open_shift.starts_at, schedule_open_shift.ends_at);
    select * into target from hr_private.visible_position(schedule_open_shift.position_id);
    perform hr_private.require_department(target.department_id);
    if schedule_open_shift.starts_at < now() then
        raise exception 'a shift cannot be scheduled in the past (starts %)', schedule_open_shift.starts_at
            using errcode = 'P0001';
    end if;
    perform hr_private.require_horizon(target.hotel_id, schedule_open_shift.starts_at);
    insert into hr.shifts (tenant_id, hotel_id, department_id, position_id, employee_id, starts_at, ends_at, status, created_by)
    values (target.tenant_id, target.hotel_id, target.department_id, target.id, null,
            schedule_open_shift.starts_at, schedule_open_shift.ends_at, 'open', core.current_user_id())
    returning shifts.id into new_shift_id;
    return new_shift_id;
end
$$;
comment on function hr_api.schedule_open_shift(uuid, timestamptz, timestamptz) is 'Offers an open shift (no employee yet) in a position; an employee of the hotel takes it with take_open_shift. Managers in their department, admins. Raises 22023 for bad times or a start past the group''s scheduling horizon (hr_private.require_horizon), PT404 for an invisible position, 42501 for another department, P0001 for a start in the past. Security definer (search_path '''') because API roles cannot write hr.shifts.';
