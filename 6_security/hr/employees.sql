-- hr.employees: an employee sees the colleagues of their hotel, a manager the
-- department, admin and payroll the group. Wage and personal columns of the
-- exposed view are granted only to admin and payroll: an employee or manager
-- selecting them gets 42501.
alter table hr.employees enable row level security;
alter table hr.employees force row level security;
grant select on hr.employees to hr_reader;

create policy employees_select_colleague on hr.employees
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) = 'hr_employee'
       and hotel_id = (select hr_private.current_hotel_id()));

create policy employees_select_manager on hr.employees
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) = 'hr_manager'
       and department_id = (select hr_private.current_department_id()));

create policy employees_select_office on hr.employees
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) in ('hr_admin', 'hr_payroll'));

grant select on hr_private.employees to hr_employee, hr_manager, hr_admin, hr_payroll;
grant select (id, hotel_id, department_id, full_name, email) on hr_api.employees to hr_employee, hr_manager;
grant select on hr_api.employees to hr_admin, hr_payroll;

grant execute on function hr_api.set_employee_details(uuid, date, text) to hr_manager, hr_admin;
grant execute on function hr_api.terminate_employee(uuid, date, text) to hr_manager, hr_admin;
