create view med_private.allergies as
select allergies.id,
       allergies.tenant_id,
       allergies.student_id,
       allergies.allergen,
       allergies.reaction,
       allergies.severity,
       allergies.recorded_by,
       allergies.created_at
from med.allergies as allergies;
alter view med_private.allergies owner to med_reader;
comment on view med_private.allergies is 'Allergies the acting user may see (policies of med.allergies): teachers those of their roster.';
