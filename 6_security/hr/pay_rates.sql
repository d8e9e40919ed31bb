-- hr.pay_rates and hr.contracts (wages): an employee their own, payroll and
-- admin the group; managers nothing, and no grant on the exposed views
-- (42501), whatever their department.
alter table hr.pay_rates enable row level security;
alter table hr.pay_rates force row level security;
alter table hr.contracts enable row level security;
alter table hr.contracts force row level security;
grant select on hr.pay_rates, hr.contracts to hr_reader;

create policy pay_rates_select_own on hr.pay_rates
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) = 'hr_employee'
       and employee_id = (select hr_private.current_employee_id()));

create policy pay_rates_select_office on hr.pay_rates
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) in ('hr_admin', 'hr_payroll'));

create policy contracts_select_own on hr.contracts
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) = 'hr_employee'
       and employee_id = (select hr_private.current_employee_id()));

create policy contracts_select_office on hr.contracts
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) in ('hr_admin', 'hr_payroll'));

grant select on hr_private.pay_rates, hr_api.pay_rates, hr_private.contracts, hr_api.contracts
to hr_employee, hr_admin, hr_payroll;

grant execute on function hr_api.set_pay_rate(uuid, date, numeric) to hr_payroll, hr_admin;
