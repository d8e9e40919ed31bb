-- Reports: the materialized views are read only through the private views
-- (owned by hr_reader), which filter by tenant and role.
grant select on hr_private.report_hours_by_department_mv, hr_private.report_overtime_mv,
    hr_private.report_certificates_expiring_mv, hr_private.report_leave_balances_mv
to hr_reader;

grant select on hr_private.report_hours_by_department, hr_api.report_hours_by_department,
    hr_private.report_overtime, hr_api.report_overtime,
    hr_private.report_certificates_expiring, hr_api.report_certificates_expiring,
    hr_private.report_leave_balances, hr_api.report_leave_balances
to hr_employee, hr_manager, hr_admin, hr_payroll;
