create view med_api.conditions
with (security_invoker = true)
as
select conditions.id,
       conditions.student_id,
       conditions.name,
       conditions.notes,
       conditions.diagnosed_on
from med_private.conditions as conditions;
comment on view med_api.conditions is 'Health conditions of the students the caller sees; teachers may not select this view (42501).';
