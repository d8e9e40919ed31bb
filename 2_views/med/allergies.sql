create view med_api.allergies
with (security_invoker = true)
as
select allergies.id,
       allergies.student_id,
       allergies.allergen,
       allergies.reaction,
       allergies.severity
from med_private.allergies as allergies;
comment on view med_api.allergies is 'Allergies of the students the caller sees, teachers included (their roster).';
