-- hr.punches: an employee their own, a manager the department's, admin and payroll the group's.
alter table hr.punches enable row level security;
alter table hr.punches force row level security;
grant select on hr.punches to hr_reader;

create policy punches_select_own on hr.punches
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) in ('hr_employee', 'hr_manager')
       and employee_id = (select hr_private.current_employee_id()));

create policy punches_select_manager on hr.punches
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) = 'hr_manager'
       and exists (select from hr.employees as employees
                   where employees.id = punches.employee_id
                     and employees.department_id = (select hr_private.current_department_id())));

create policy punches_select_office on hr.punches
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) in ('hr_admin', 'hr_payroll'));

grant select on hr_private.punches, hr_api.punches to hr_employee, hr_manager, hr_admin, hr_payroll;

-- everyone with an employee record clocks in and out for themselves
grant execute on function hr_api.clock_in(), hr_api.clock_out() to hr_employee, hr_manager, hr_admin, hr_payroll;
grant execute on function hr_api.edit_punch(uuid, timestamptz, timestamptz, text) to hr_manager, hr_admin;
