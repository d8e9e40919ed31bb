create view hr_api.applications
with (security_invoker = true)
as
select applications.id,
       applications.job_id,
       applications.full_name,
       applications.email,
       applications.stage,
       applications.offered_at,
       applications.hired_at,
       applications.employee_id,
       applications.created_at
from hr_private.applications as applications;
comment on view hr_api.applications is 'Applications: a manager those to the department''s postings, an admin the group''s; applicants and employees none.';
