create view hr_api.certifications
with (security_invoker = true)
as
select certifications.id,
       certifications.employee_id,
       certifications.kind,
       certifications.issued_on,
       certifications.expires_on
from hr_private.certifications as certifications;
comment on view hr_api.certifications is 'Certificates: an employee their own, a manager the department''s, an admin the group''s; payroll none.';
