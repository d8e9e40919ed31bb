create function hr_api.set_employee_details(employee_id uuid, birth_date date, phone text default null)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    employee hr.employees;
begin
    perform core.check_text(set_employee_details.phone, 'a phone number', 200);
    if not exists (select from hr_private.employees as employees where employees.id = set_employee_details.employee_id) then
        raise exception 'employee % not found', coalesce(set_employee_details.employee_id::text, 'null')
            using errcode = 'PT404';
    end if;
    select * into employee from hr.employees as employees where employees.id = set_employee_details.employee_id for update;
    perform hr_private.require_department(employee.department_id);
    if employee.user_id = core.current_user_id() then
        raise exception 'nobody may change their own employee details'
            using errcode = '42501',
                  hint = 'another manager or an admin records them';
    end if;
    if set_employee_details.birth_date is null or not pg_catalog.isfinite(set_employee_details.birth_date)
       or set_employee_details.birth_date > hr_private.local_date(now(), employee.hotel_id) - interval '12 years'
       or set_employee_details.birth_date <= date '1900-01-01' then
        raise exception 'implausible birth date %', coalesce(set_employee_details.birth_date::text, 'null')
            using errcode = '22023';
    end if;
    if set_employee_details.phone is not null and set_employee_details.phone !~ '^\+[1-9][0-9]{6,14}$' then
        raise exception 'invalid phone number %', set_employee_details.phone
            using errcode = '22023',
                  hint = 'E.164, e.g. +14155550123';
    end if;
    -- the minors' rules hang on the birth date: once recorded, only an admin
    -- corrects it, and every future shift is judged again at the corrected age
    if employee.birth_date is distinct from set_employee_details.birth_date and employee.birth_date is not null
       and hr_private.acting_role() is distinct from 'hr_admin' then
        raise exception 'the birth date of % is already recorded; only an admin corrects it', employee.full_name
            using errcode = '42501';
    end if;
    update hr.employees as employees
    set birth_date = set_employee_details.birth_date,
        phone = coalesce(set_employee_details.phone, employees.phone)
    where employees.id = employee.id;
    if employee.birth_date is distinct from set_employee_details.birth_date then
        perform hr_private.check_shift(shifts.id)
        from hr.shifts as shifts
        where shifts.employee_id = employee.id
          and shifts.status = 'scheduled'
          and shifts.ends_at > now()
        order by shifts.starts_at;
    end if;
end
$$;
comment on function hr_api.set_employee_details(uuid, date, text) is 'Records an employee''s birth date and (optionally) E.164 mobile number at onboarding. Managers of the employee''s department, admins; never for oneself. A recorded birth date is corrected only by an admin, and every scheduled shift not yet over is then checked again at the corrected age (hr_private.check_shift), so the minors'' rules cannot be sidestepped by a changed birth date. Raises PT404 for an invisible employee, 42501 for another role or department, one''s own record or a manager changing a recorded birth date, P0001 when a shift not yet over breaks a rule at the corrected age, 22023 for an implausible birth date (under 12 on the hotel''s today, or before 1900) or a malformed phone. Security definer (search_path '''').';
