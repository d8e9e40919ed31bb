-- hr.pay_rates and hr.contracts (wages): an employee their own, payroll and
-- admin the group; managers nothing, and no grant on the exposed views
-- (42501), whatever their department.
alter table hr.pay_rates enable row level security;
alter table hr.pay_rates force row level security;
alter table hr.contracts enable row level security;
alter table hr.contracts force row level security;
grant select on hr.pay_rates, hr.contracts to hr_reader;

-- one policy each: whose wages a role reaches is hr_private.wage_employee_ids(),
-- one condition the planner puts on the (employee_id, ...) index whatever the
-- audience
create policy pay_rates_select_reachable on hr.pay_rates
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and employee_id = any ((select hr_private.wage_employee_ids())::uuid[]));

create policy contracts_select_reachable on hr.contracts
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and employee_id = any ((select hr_private.wage_employee_ids())::uuid[]));

grant select on hr_private.pay_rates, hr_api.pay_rates, hr_private.contracts, hr_api.contracts
to hr_employee, hr_admin, hr_payroll;

grant execute on function hr_api.set_pay_rate(uuid, date, numeric) to hr_payroll, hr_admin;
