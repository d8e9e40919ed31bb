create view hr_private.job_postings as
select job_postings.id,
       job_postings.tenant_id,
       job_postings.department_id,
       job_postings.position_id,
       job_postings.title,
       job_postings.hourly_rate,
       job_postings.status,
       job_postings.created_at
from hr.job_postings as job_postings;
alter view hr_private.job_postings owner to hr_reader;
comment on view hr_private.job_postings is 'Job postings the acting user may see: open ones (anonymous visitors every group''s, users their own group''s), a manager the department''s, an admin the hotel group''s. Runs as hr_reader, so the policies of the table pick the rows.';
