create view hr_api.payslips
with (security_invoker = true)
as
select payslips.id,
       payslips.run_id,
       payslips.employee_id,
       payslips.hotel_id,
       payslips.period_start,
       payslips.period_end,
       payslips.regular_hours,
       payslips.overtime_hours,
       payslips.regular_pay,
       payslips.overtime_pay,
       payslips.gross_pay,
       payslips.currency,
       payslips.run_status
from hr_private.payslips as payslips;
comment on view hr_api.payslips is 'Payslips: an employee their own (finalized runs), payroll and admin the group''s. Managers are not granted this view (42501).';
