create view med_api.exemptions
with (security_invoker = true)
as
select exemptions.id,
       exemptions.student_id,
       exemptions.vaccine,
       exemptions.kind,
       exemptions.granted_on,
       exemptions.expires_on,
       exemptions.reason
from med_private.exemptions as exemptions;
comment on view med_api.exemptions is 'Vaccine exemptions (medical ones expire) of the students the caller sees.';
