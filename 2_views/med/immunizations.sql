create view med_api.immunizations
with (security_invoker = true)
as
select immunizations.id,
       immunizations.student_id,
       immunizations.vaccine,
       immunizations.given_on,
       immunizations.created_at
from med_private.immunizations as immunizations;
comment on view med_api.immunizations is 'Vaccine doses recorded for the students the caller sees (nurses, aides, supervisor, guardians). Whether each counts: med_api.immunization_doses.';
