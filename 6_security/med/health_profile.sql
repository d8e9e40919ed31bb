-- Conditions (never teachers), allergies and action plans (teachers too, their roster), consents.
create policy conditions_select_care_team on med.conditions
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('med_nurse', 'med_aide', 'med_supervisor', 'med_guardian')
       and conditions.student_id = any ((select med_private.visible_student_ids())::uuid[]));

create policy allergies_select_viewer on med.allergies
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('med_nurse', 'med_aide', 'med_supervisor', 'med_guardian', 'med_teacher')
       and allergies.student_id = any ((select med_private.visible_student_ids())::uuid[]));

create policy action_plans_select_viewer on med.action_plans
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('med_nurse', 'med_aide', 'med_supervisor', 'med_guardian', 'med_teacher')
       and action_plans.student_id = any ((select med_private.visible_student_ids())::uuid[]));

create policy consents_select_care_team on med.consents
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('med_nurse', 'med_aide', 'med_supervisor', 'med_guardian')
       and consents.student_id = any ((select med_private.visible_student_ids())::uuid[]));

grant select on med_private.conditions, med_api.conditions, med_private.consents, med_api.consents
to med_nurse, med_aide, med_guardian, med_supervisor;
grant select on med_private.allergies, med_api.allergies, med_private.action_plans, med_api.action_plans
to med_nurse, med_aide, med_teacher, med_guardian, med_supervisor;

grant execute on function med_api.record_allergy(uuid, text, text, text) to med_nurse;
grant execute on function med_api.record_condition(uuid, text, text, date) to med_nurse;
grant execute on function med_api.record_action_plan(uuid, text, text, date) to med_nurse;
grant execute on function med_api.record_consent(uuid, int, text, boolean) to med_nurse, med_guardian;
