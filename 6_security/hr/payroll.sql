-- Payroll runs and payslips: payroll and admin the group's; an employee their
-- own payslips of finalized runs (and the finalized runs of their
-- hotel, never another hotel's); managers nothing,
-- and no grant on payslips (42501).
alter table hr.payroll_runs enable row level security;
alter table hr.payroll_runs force row level security;
alter table hr.payslips enable row level security;
alter table hr.payslips force row level security;
grant select on hr.payroll_runs, hr.payslips to hr_reader;

create policy payroll_runs_select_office on hr.payroll_runs
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) in ('hr_admin', 'hr_payroll'));

create policy payroll_runs_select_employee on hr.payroll_runs
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) = 'hr_employee'
       and hotel_id = (select hr_private.current_hotel_id())
       and status = 'finalized');

create policy payslips_select_own on hr.payslips
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) = 'hr_employee'
       and employee_id = (select hr_private.current_employee_id()));

create policy payslips_select_office on hr.payslips
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) in ('hr_admin', 'hr_payroll'));

grant select on hr_private.payroll_runs, hr_api.payroll_runs to hr_employee, hr_admin, hr_payroll;
grant select on hr_private.payslips, hr_api.payslips to hr_employee, hr_admin, hr_payroll;

grant execute on function hr_api.run_payroll(uuid, date, date), hr_api.finalize_payroll(uuid), hr_api.discard_payroll(uuid)
to hr_payroll, hr_admin;
