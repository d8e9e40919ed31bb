create view med_api.consents
with (security_invoker = true)
as
select consents.id,
       consents.student_id,
       consents.school_year,
       consents.kind,
       consents.is_granted,
       consents.guardian_id,
       consents.recorded_at
from med_private.consents as consents;
comment on view med_api.consents is 'Consents and forms per school year of the students the caller sees (not teachers).';
