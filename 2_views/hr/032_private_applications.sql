create view hr_private.applications as
select applications.id,
       applications.tenant_id,
       applications.job_id,
       applications.full_name,
       applications.email,
       applications.stage,
       applications.offered_at,
       applications.hired_at,
       applications.employee_id,
       applications.created_at,
       applications.stage_changed_at
from hr.applications as applications;
alter view hr_private.applications owner to hr_reader;
comment on view hr_private.applications is 'Applications the acting user may see: a manager those to the department''s postings, an admin the hotel group''s. Runs as hr_reader, so the policies of the table pick the rows.';
