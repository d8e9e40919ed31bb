-- hr.leave_requests and hr.leave_ledger: an employee their own, a manager the
-- department's, admin and payroll the group's.
alter table hr.leave_requests enable row level security;
alter table hr.leave_requests force row level security;
alter table hr.leave_ledger enable row level security;
alter table hr.leave_ledger force row level security;
grant select on hr.leave_requests, hr.leave_ledger to hr_reader;

-- one policy each: the audiences differ only in whose rows they reach, which
-- hr_private.reachable_employee_ids() says, as one condition the planner
-- puts on the (employee_id, ...) index whatever the audience
create policy leave_requests_select_reachable on hr.leave_requests
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and employee_id = any ((select hr_private.reachable_employee_ids())::uuid[]));

create policy leave_ledger_select_reachable on hr.leave_ledger
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and employee_id = any ((select hr_private.reachable_employee_ids())::uuid[]));

grant select on hr_private.leave_requests, hr_api.leave_requests, hr_private.leave_balances, hr_api.leave_balances
to hr_employee, hr_manager, hr_admin, hr_payroll;

grant execute on function hr_api.request_leave(date, date, text) to hr_employee, hr_manager, hr_admin, hr_payroll;
grant execute on function hr_api.decide_leave(uuid, boolean) to hr_manager, hr_admin;
