create function hr_api.add_certification(employee_id uuid, kind text, issued_on date, expires_on date)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    employee hr.employees;
    new_certification_id uuid;
begin
    if not exists (select from hr_private.employees as employees where employees.id = add_certification.employee_id) then
        raise exception 'employee % not found', coalesce(add_certification.employee_id::text, 'null')
            using errcode = 'PT404';
    end if;
    select * into employee from hr.employees as employees where employees.id = add_certification.employee_id;
    perform hr_private.require_department(employee.department_id);
    if employee.user_id = core.current_user_id() then
        raise exception 'nobody may record their own certificates'
            using errcode = '42501',
                  hint = 'another manager or an admin records them';
    end if;
    if add_certification.kind is null or add_certification.kind not in ('food_handler', 'alcohol_service', 'first_aid', 'lifeguard') then
        raise exception 'unknown certificate kind %', coalesce(add_certification.kind, 'null')
            using errcode = '22023',
                  hint = 'food_handler, alcohol_service, first_aid or lifeguard';
    end if;
    if add_certification.issued_on is null or add_certification.expires_on is null
       or not pg_catalog.isfinite(add_certification.issued_on) or not pg_catalog.isfinite(add_certification.expires_on) then
        raise exception 'a certificate needs a finite issue and expiry date'
            using errcode = '22023';
    end if;
    if add_certification.expires_on <= add_certification.issued_on then
        raise exception 'a certificate must expire after it is issued (% to %)', add_certification.issued_on, add_certification.expires_on
            using errcode = '22023';
    end if;
    -- before the span: an issue date at the end of the calendar has no date ten years on
    if add_certification.issued_on > hr_private.local_date(now(), employee.hotel_id) then
        raise exception 'a certificate cannot be issued in the future (%)', add_certification.issued_on
            using errcode = '22023';
    end if;
    if add_certification.expires_on > add_certification.issued_on + 3653 then
        raise exception 'a certificate valid from % to % exceeds ten years', add_certification.issued_on, add_certification.expires_on
            using errcode = '22023';
    end if;
    insert into hr.certifications (tenant_id, employee_id, kind, issued_on, expires_on, created_by)
    values (employee.tenant_id, employee.id, add_certification.kind, add_certification.issued_on, add_certification.expires_on, core.current_user_id())
    returning certifications.id into new_certification_id;
    return new_certification_id;
end
$$;
comment on function hr_api.add_certification(uuid, text, date, date) is 'Records a certificate an employee holds; returns its id. Managers of the employee''s department, admins; never for oneself. Raises PT404 for an invisible employee, 42501 for another role or department or one''s own record, 22023 for an unknown kind, missing or infinite dates, expiry not after issue or more than ten years after it, or an issue date in the future. Security definer (search_path '''').';
