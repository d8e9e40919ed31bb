create view med_private.consents as
select consents.id,
       consents.tenant_id,
       consents.student_id,
       consents.school_year,
       consents.kind,
       consents.is_granted,
       consents.guardian_id,
       consents.recorded_by,
       consents.recorded_at
from med.consents as consents;
alter view med_private.consents owner to med_reader;
comment on view med_private.consents is 'Consents and forms the acting user may see (policies of med.consents): never teachers.';
