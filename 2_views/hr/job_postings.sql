create view hr_api.job_postings
with (security_invoker = true)
as
select job_postings.id,
       job_postings.department_id,
       job_postings.position_id,
       job_postings.title,
       job_postings.hourly_rate,
       job_postings.status,
       job_postings.created_at
from hr_private.job_postings as job_postings;
comment on view hr_api.job_postings is 'Job postings with the advertised rate (public, for applicants): open ones for everyone, closed ones for the department''s manager and admins.';
