alter table hr.certifications enable row level security;
alter table hr.certifications force row level security;
grant select on hr.certifications to hr_reader;

create policy certifications_select_own on hr.certifications
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) = 'hr_employee'
       and employee_id = (select hr_private.current_employee_id()));

create policy certifications_select_manager on hr.certifications
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) = 'hr_manager'
       and exists (select from hr.employees as employees
                   where employees.id = certifications.employee_id
                     and employees.department_id = (select hr_private.current_department_id())));

create policy certifications_select_admin on hr.certifications
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) = 'hr_admin');

grant select on hr_private.certifications, hr_api.certifications to hr_employee, hr_manager, hr_admin, hr_payroll;

grant execute on function hr_api.add_certification(uuid, text, date, date) to hr_manager, hr_admin;
