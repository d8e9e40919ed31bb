create view hr_private.contracts as
select contracts.id,
       contracts.tenant_id,
       contracts.employee_id,
       contracts.position_id,
       contracts.application_id,
       contracts.starts_on,
       contracts.hourly_rate,
       contracts.created_at
from hr.contracts as contracts;
alter view hr_private.contracts owner to hr_reader;
comment on view hr_private.contracts is 'Contracts the acting user may see: an employee their own, payroll and admin the hotel group''s. Runs as hr_reader, so the policies of the table pick the rows.';
