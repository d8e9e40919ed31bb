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
    if not exists (select from hr_private.employees as employees where employees.id = set_employee_details.employee_id) then
        raise exception 'employee % not found', coalesce(set_employee_details.employee_id::text, 'null')
            using errcode = 'PT404';
    end if;
    select * into employee from hr.employees as employees where employees.id = set_employee_details.employee_id for update;
    if core.current_user_role() not in ('hr_manager', 'hr_admin') then
        raise exception 'only a manager or an admin may change an employee''s details'
            using errcode = '42501';
    end if;
    perform hr_private.require_department(employee.department_id);
    if set_employee_details.birth_date is null or not pg_catalog.isfinite(set_employee_details.birth_date)
       or set_employee_details.birth_date > current_date - interval '12 years'
       or set_employee_details.birth_date <= date '1900-01-01' then
        raise exception 'implausible birth date %', coalesce(set_employee_details.birth_date::text, 'null')
            using errcode = '22023';
    end if;
    if set_employee_details.phone is not null and set_employee_details.phone !~ '^\+[1-9][0-9]{6,14}$' then
        raise exception 'invalid phone number %', set_employee_details.phone
            using errcode = '22023',
                  hint = 'E.164, e.g. +14155550123';
    end if;
    update hr.employees as employees
    set birth_date = set_employee_details.birth_date,
        phone = coalesce(set_employee_details.phone, employees.phone)
    where employees.id = employee.id;
end
$$;
comment on function hr_api.set_employee_details(uuid, date, text) is 'Records an employee''s birth date and (optionally) E.164 mobile number at onboarding. Managers of the employee''s department, admins. Raises PT404 for an invisible employee, 42501 for another role or department, 22023 for an implausible birth date (under 12 or before 1900) or a malformed phone. Security definer (search_path '''').';
