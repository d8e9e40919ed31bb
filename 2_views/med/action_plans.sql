create view med_api.action_plans
with (security_invoker = true)
as
select action_plans.id,
       action_plans.student_id,
       action_plans.kind,
       action_plans.instructions,
       action_plans.expires_on
from med_private.action_plans as action_plans;
comment on view med_api.action_plans is 'Emergency action plans (asthma, anaphylaxis, seizure, diabetes) of the students the caller sees, teachers included (their roster).';
