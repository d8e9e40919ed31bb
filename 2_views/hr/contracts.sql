create view hr_api.contracts
with (security_invoker = true)
as
select contracts.id,
       contracts.employee_id,
       contracts.position_id,
       contracts.starts_on,
       contracts.hourly_rate,
       contracts.created_at
from hr_private.contracts as contracts;
comment on view hr_api.contracts is 'Employment contracts with the agreed rate: an employee their own, payroll and admin the group''s. Managers are not granted this view (42501).';
