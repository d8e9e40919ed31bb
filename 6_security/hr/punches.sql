-- hr.punches: an employee their own, a manager the department's, admin and payroll the group's.
alter table hr.punches enable row level security;
alter table hr.punches force row level security;
grant select on hr.punches to hr_reader;

-- one policy: the audiences differ only in whose punches they reach, which
-- hr_private.reachable_employee_ids() says (an employee their own, a manager
-- the department's, admin and payroll the group's). As one
-- condition on employee_id the planner puts it on the (employee_id,
-- clock_in_at) index whatever the audience; three ORed policies named the
-- employee in one branch only, so an employee's read of their own time
-- sheet filtered the window of the whole group (scripts/bench_hr/punches_own)
create policy punches_select_reachable on hr.punches
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and employee_id = any ((select hr_private.reachable_employee_ids())::uuid[]));

grant select on hr_private.punches, hr_api.punches to hr_employee, hr_manager, hr_admin, hr_payroll;

-- everyone with an employee record clocks in and out for themselves
grant execute on function hr_api.clock_in(), hr_api.clock_out() to hr_employee, hr_manager, hr_admin, hr_payroll;
grant execute on function hr_api.edit_punch(uuid, timestamptz, timestamptz, text) to hr_manager, hr_admin;
