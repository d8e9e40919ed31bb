create view hr_private.payslips as
select payslips.id,
       payslips.tenant_id,
       payslips.run_id,
       payslips.employee_id,
       runs.hotel_id,
       runs.period_start,
       runs.period_end,
       payslips.regular_hours,
       payslips.overtime_hours,
       payslips.regular_pay,
       payslips.overtime_pay,
       payslips.gross_pay,
       payslips.currency,
       runs.status as run_status,
       payslips.created_at
from hr.payslips as payslips
join hr.payroll_runs as runs on runs.id = payslips.run_id;
alter view hr_private.payslips owner to hr_reader;
comment on view hr_private.payslips is 'Payslips the acting user may see: an employee their own of finalized runs, payroll and admin the hotel group''s (drafts included). Runs as hr_reader, so the policies of the table pick the rows.';
