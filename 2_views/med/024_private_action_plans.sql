create view med_private.action_plans as
select action_plans.id,
       action_plans.tenant_id,
       action_plans.student_id,
       action_plans.kind,
       action_plans.instructions,
       action_plans.expires_on,
       action_plans.recorded_by,
       action_plans.created_at
from med.action_plans as action_plans;
alter view med_private.action_plans owner to med_reader;
comment on view med_private.action_plans is 'Action plans the acting user may see (policies of med.action_plans): teachers those of their roster.';
