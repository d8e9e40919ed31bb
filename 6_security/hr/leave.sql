-- hr.leave_requests and hr.leave_ledger: an employee their own, a manager the
-- department's, admin and payroll the group's.
alter table hr.leave_requests enable row level security;
alter table hr.leave_requests force row level security;
alter table hr.leave_ledger enable row level security;
alter table hr.leave_ledger force row level security;
grant select on hr.leave_requests, hr.leave_ledger to hr_reader;

create policy leave_requests_select_own on hr.leave_requests
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) in ('hr_employee', 'hr_manager', 'hr_admin', 'hr_payroll')
       and employee_id = (select hr_private.current_employee_id()));

create policy leave_requests_select_manager on hr.leave_requests
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) = 'hr_manager'
       and exists (select from hr.employees as employees
                   where employees.id = leave_requests.employee_id
                     and employees.department_id = (select hr_private.current_department_id())));

create policy leave_requests_select_office on hr.leave_requests
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) in ('hr_admin', 'hr_payroll'));

create policy leave_ledger_select_own on hr.leave_ledger
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) in ('hr_employee', 'hr_manager', 'hr_admin', 'hr_payroll')
       and employee_id = (select hr_private.current_employee_id()));

create policy leave_ledger_select_manager on hr.leave_ledger
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) = 'hr_manager'
       and exists (select from hr.employees as employees
                   where employees.id = leave_ledger.employee_id
                     and employees.department_id = (select hr_private.current_department_id())));

create policy leave_ledger_select_office on hr.leave_ledger
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) in ('hr_admin', 'hr_payroll'));

grant select on hr_private.leave_requests, hr_api.leave_requests, hr_private.leave_balances, hr_api.leave_balances
to hr_employee, hr_manager, hr_admin, hr_payroll;

grant execute on function hr_api.request_leave(date, date, text) to hr_employee, hr_manager, hr_admin, hr_payroll;
grant execute on function hr_api.decide_leave(uuid, boolean) to hr_manager, hr_admin;
