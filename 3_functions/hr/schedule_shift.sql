create function hr_api.schedule_shift(employee_id uuid, position_id uuid, starts_at timestamptz, ends_at timestamptz)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    target record;
    employee record;
    new_shift_id uuid;
begin
    perform hr_private.require_shift_times(schedule_shift.starts_at, schedule_shift.ends_at);
    select * into target from hr_private.visible_position(schedule_shift.position_id);
    perform hr_private.require_department(target.department_id);

    select employees.id, employees.hotel_id, employees.full_name
    into employee
    from hr_private.employees as employees
    where employees.id = schedule_shift.employee_id;
    if employee.id is null then
        raise exception 'employee % not found', coalesce(schedule_shift.employee_id::text, 'null')
            using errcode = 'PT404';
    end if;
    if employee.hotel_id <> target.hotel_id then
        raise exception '% works at another hotel than the position %', employee.full_name, target.title
            using errcode = 'P0001';
    end if;
    if schedule_shift.starts_at < now() then
        raise exception 'a shift cannot be scheduled in the past (starts %)', schedule_shift.starts_at
            using errcode = 'P0001';
    end if;
    perform hr_private.require_horizon(target.hotel_id, schedule_shift.starts_at);

    -- one scheduling decision per employee at a time: two managers scheduling
    -- the same person concurrently would each check the week without the
    -- other's shift (rest, weekly and minors' limits); the second waits here
    -- and its checks then see the first's shift
    perform from hr.employees as employees where employees.id = employee.id for no key update;
    begin
        insert into hr.shifts (tenant_id, hotel_id, department_id, position_id, employee_id, starts_at, ends_at, created_by)
        values (target.tenant_id, target.hotel_id, target.department_id, target.id, employee.id,
                schedule_shift.starts_at, schedule_shift.ends_at, core.current_user_id())
        returning shifts.id into new_shift_id;
    exception
        when exclusion_violation then
            raise exception '% already has a shift overlapping % to %', employee.full_name, schedule_shift.starts_at, schedule_shift.ends_at
                using errcode = 'P0001',
                      detail = 'refused by the exclusion constraint shifts_no_overlap';
    end;
    perform hr_private.check_shift(new_shift_id);
    return new_shift_id;
end
$$;
comment on function hr_api.schedule_shift(uuid, uuid, timestamptz, timestamptz) is 'Schedules an employee into a position over [starts_at, ends_at) and returns the shift id. Managers only in their own department, admins anywhere in the group. Raises 22023 for null, infinite, reversed or over-16-hour times and for a start past the group''s scheduling horizon (hr_private.require_horizon); PT404 for a position or employee the caller cannot see; 42501 for another department; P0001 for a start in the past, another hotel, an overlap (the exclusion constraint), or any rule of hr_private.check_shift (certificates, rest, weekly hours, minors). Security definer (search_path '''') because API roles have no privilege on hr.shifts; visibility goes through the private views.';
