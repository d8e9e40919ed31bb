-- Office visits: staff of the school and the supervisor; guardians the
-- shared ones. Teachers none (42501): a teacher sees only the allergies,
-- action plans and emergency instructions of the roster's students.
create policy visits_select_staff on med.visits
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('med_nurse', 'med_aide', 'med_supervisor')
       and visits.student_id = any ((select med_private.visible_student_ids())::uuid[]));

create policy visits_select_guardian on med.visits
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'med_guardian'
       and shared_with_guardian
       and visits.student_id = any ((select med_private.visible_student_ids())::uuid[]));

grant select on med_private.visits to med_nurse, med_aide, med_guardian, med_supervisor;
grant select on med_api.visits to med_nurse, med_aide, med_guardian, med_supervisor;

grant execute on function med_api.record_visit(uuid, text, text, numeric, text, boolean, text, text, int, boolean) to med_nurse, med_aide;
