-- Leave balances per employee and kind.
create materialized view hr_private.report_leave_balances_mv as
select employees.tenant_id,
       employees.hotel_id,
       employees.department_id,
       ledger.employee_id,
       employees.full_name as employee_name,
       ledger.kind,
       pg_catalog.sum(ledger.hours) as balance_hours
from hr.leave_ledger as ledger
join hr.employees as employees on employees.id = ledger.employee_id
group by employees.tenant_id, employees.hotel_id, employees.department_id, ledger.employee_id, employees.full_name, ledger.kind;
create unique index report_leave_balances_mv_key on hr_private.report_leave_balances_mv (employee_id, kind);
comment on materialized view hr_private.report_leave_balances_mv is 'Leave balance per employee and kind (sum of hr.leave_ledger). Refreshed concurrently by hr_private.refresh_reports.';

create view hr_private.report_leave_balances as
select report.tenant_id, report.hotel_id, report.department_id, report.employee_id, report.employee_name, report.kind, report.balance_hours
from hr_private.report_leave_balances_mv as report
where report.tenant_id = (select core.current_tenant_id())
  and ((select hr_private.acting_role()) in ('hr_admin', 'hr_payroll')
       or ((select hr_private.acting_role()) = 'hr_manager' and report.department_id = (select hr_private.current_department_id())));
alter view hr_private.report_leave_balances owner to hr_reader;
comment on view hr_private.report_leave_balances is 'Leave balances of the caller''s group: admins and payroll all, a manager their department.';

create view hr_api.report_leave_balances
with (security_invoker = true)
as
select report.hotel_id, report.department_id, report.employee_id, report.employee_name, report.kind, report.balance_hours
from hr_private.report_leave_balances as report;
comment on view hr_api.report_leave_balances is 'Leave balances per employee and kind (admins and payroll the group, a manager their department; employees use leave_balances). As of the last refresh.';
