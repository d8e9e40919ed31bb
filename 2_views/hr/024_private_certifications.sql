create view hr_private.certifications as
select certifications.id,
       certifications.tenant_id,
       certifications.employee_id,
       certifications.kind,
       certifications.issued_on,
       certifications.expires_on,
       certifications.created_at
from hr.certifications as certifications;
alter view hr_private.certifications owner to hr_reader;
comment on view hr_private.certifications is 'Certificates the acting user may see: an employee their own, a manager the department''s, an admin the hotel group''s. Runs as hr_reader, so the policies of the table pick the rows.';
