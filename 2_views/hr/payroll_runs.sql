create view hr_api.payroll_runs
with (security_invoker = true)
as
select payroll_runs.id,
       payroll_runs.hotel_id,
       payroll_runs.period_start,
       payroll_runs.period_end,
       payroll_runs.status,
       payroll_runs.currency,
       payroll_runs.created_at,
       payroll_runs.finalized_at
from hr_private.payroll_runs as payroll_runs;
comment on view hr_api.payroll_runs is 'Payroll runs (draft, finalized): payroll and admin the group''s; an employee the finalized ones (periods, no amounts).';
