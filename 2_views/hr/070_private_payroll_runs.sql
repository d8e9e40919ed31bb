create view hr_private.payroll_runs as
select payroll_runs.id,
       payroll_runs.tenant_id,
       payroll_runs.hotel_id,
       payroll_runs.period_start,
       payroll_runs.period_end,
       payroll_runs.status,
       payroll_runs.currency,
       payroll_runs.run_by,
       payroll_runs.created_at,
       payroll_runs.finalized_by,
       payroll_runs.finalized_at
from hr.payroll_runs as payroll_runs;
alter view hr_private.payroll_runs owner to hr_reader;
comment on view hr_private.payroll_runs is 'Payroll runs the acting user may see: payroll and admin the hotel group''s, an employee the finalized runs of their group. Runs as hr_reader, so the policies of the table pick the rows.';
