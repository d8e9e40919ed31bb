create view med_private.conditions as
select conditions.id,
       conditions.tenant_id,
       conditions.student_id,
       conditions.name,
       conditions.notes,
       conditions.diagnosed_on,
       conditions.recorded_by,
       conditions.created_at
from med.conditions as conditions;
alter view med_private.conditions owner to med_reader;
comment on view med_private.conditions is 'Conditions (diagnoses) the acting user may see (policies of med.conditions): never teachers.';
