create function hr_api.hire(application_id uuid, start_date date, hourly_rate numeric)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    application hr.applications;
    job hr.job_postings;
    position hr.positions;
    department hr.departments;
    hotel hr.hotels;
    new_user_id uuid;
    new_employee_id uuid;
    new_contract_id uuid;
begin
    if not exists (select from hr_private.applications as applications where applications.id = hire.application_id) then
        raise exception 'application % not found', coalesce(hire.application_id::text, 'null')
            using errcode = 'PT404';
    end if;
    select * into application from hr.applications as applications where applications.id = hire.application_id for update;
    select * into job from hr.job_postings as postings where postings.id = application.job_id;
    perform hr_private.require_department(job.department_id);
    if application.stage in ('hired', 'rejected') then
        raise exception 'application % is already %', application.id, application.stage
            using errcode = 'PT409';
    end if;
    select * into position from hr.positions as positions where positions.id = job.position_id;
    select * into department from hr.departments as departments where departments.id = job.department_id;
    select * into hotel from hr.hotels as hotels where hotels.id = department.hotel_id;
    if hire.start_date is null or not pg_catalog.isfinite(hire.start_date) then
        raise exception 'a hire needs a start date'
            using errcode = '22023';
    end if;
    if hire.start_date < hr_private.local_date(now(), hotel.id) then
        raise exception 'the start date % is in the past', hire.start_date
            using errcode = 'P0001';
    end if;
    if hire.start_date > hr_private.local_date(now(), hotel.id) + 366 then
        raise exception 'the start date % is more than a year ahead', hire.start_date
            using errcode = '22023';
    end if;
    perform hr_private.require_rate(hire.hourly_rate, hotel.id, position.is_tipped, hire.start_date);
    -- a manager never sees wages: they hire at the rate the posting
    -- advertises, or below it; another rate is for an admin (here) or for
    -- payroll (set_pay_rate), who see what they set
    if hr_private.acting_role() = 'hr_manager' and hire.hourly_rate > job.hourly_rate then
        raise exception 'a manager hires at the posting''s rate of % % at most, not %', job.hourly_rate, hotel.currency, hire.hourly_rate
            using errcode = 'P0001',
                  hint = 'hire at the posting''s rate; an admin may hire at another, or payroll raise it with set_pay_rate';
    end if;
    if exists (select from hr.employees as employees
               where employees.tenant_id = application.tenant_id and pg_catalog.lower(employees.email) = pg_catalog.lower(application.email)) then
        raise exception '% is already an employee of this group', application.email
            using errcode = '23505';
    end if;

    -- the login (no password yet: HR sends an invitation), the employee, the contract and the first rate
    -- an e-mail logs in to one group of the application only
    -- (core.users_app_email_key): one with a login already (at another
    -- group, or a login here without an employee record) is told so, never
    -- the constraint's key nor where that login is
    begin
        new_user_id := core.create_user(application.tenant_id, application.email, application.full_name, 'hr_employee');
    exception
        when unique_violation then
            raise exception '% already has a login to the hotel HR system', application.email
                using errcode = '23505',
                      hint = 'an e-mail logs in to one hotel group only: the applicant applies with another e-mail';
    end;
    insert into hr.employees (tenant_id, hotel_id, department_id, user_id, full_name, email, birth_date, is_tipped, hired_on)
    values (application.tenant_id, hotel.id, department.id, new_user_id, application.full_name, application.email, null,
            position.is_tipped, hire.start_date)
    returning employees.id into new_employee_id;
    insert into hr.contracts (tenant_id, employee_id, position_id, application_id, starts_on, hourly_rate, created_by)
    values (application.tenant_id, new_employee_id, position.id, application.id, hire.start_date, hire.hourly_rate, core.current_user_id())
    returning contracts.id into new_contract_id;
    insert into hr.pay_rates (tenant_id, employee_id, effective_from, hourly_rate, created_by)
    values (application.tenant_id, new_employee_id, hire.start_date, hire.hourly_rate, core.current_user_id());
    update hr.applications as applications
    set stage = 'hired',
        offered_at = coalesce(applications.offered_at, now()),
        hired_at = now(),
        employee_id = new_employee_id,
        stage_changed_at = now()
    where applications.id = application.id;

    perform core.enqueue('pdfgen.offer_letter',
        pg_catalog.jsonb_build_object(
            'app', 'hr',
            'template', 'offer_letter',
            'tenant_name', (select tenants.name from core.tenants as tenants where tenants.id = application.tenant_id),
            'subject_table', 'hr.contracts',
            'subject_id', new_contract_id,
            'file_name', pg_catalog.format('offer-letter-%s.pdf', new_contract_id),
            'employee_id', new_employee_id,
            'employee_name', application.full_name,
            'hotel_name', hotel.name,
            'department_name', department.name,
            'position_title', position.title,
            'start_date', hire.start_date,
            'hourly_rate', pg_catalog.to_char(hire.hourly_rate, 'FM999999990.00'),
            'currency', hotel.currency),
        tenant_id => application.tenant_id);
    return new_employee_id;
end
$$;
comment on function hr_api.hire(uuid, date, numeric) is 'Hires an applicant at any open stage, recording offer and hire together: creates their login (role hr_employee, no password until invited), the employee in the posting''s department, the contract and the first pay rate from start_date, and queues the offer letter PDF (pdfgen.offer_letter, subject hr.contracts). Returns the new employee id. Managers of the posting''s department, admins. Raises PT404 for an invisible application, 42501 for another department, PT409 for an application hired or rejected, 22023 for a missing start date, one more than a year ahead or a malformed rate, P0001 for a start in the past, a rate below the minimum wage (less the tip credit for a tipped position) or, for a manager (who never sees wages), a rate above the posting''s hourly_rate (an admin may hire at another rate), 23505 when the e-mail is already an employee''s or already has a login to the application (at another hotel group, or here without an employee record; the message says only that). The birth date and phone are recorded at onboarding (set_employee_details); until then the employee cannot be scheduled. Security definer (search_path '''').';
