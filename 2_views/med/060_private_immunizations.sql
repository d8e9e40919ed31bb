create view med_private.immunizations as
select immunizations.id,
       immunizations.tenant_id,
       immunizations.student_id,
       immunizations.vaccine,
       immunizations.given_on,
       immunizations.recorded_by,
       immunizations.created_at
from med.immunizations as immunizations;
alter view med_private.immunizations owner to med_reader;
comment on view med_private.immunizations is 'Vaccine doses the acting user may see (policies of med.immunizations): never teachers.';
