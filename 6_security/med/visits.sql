-- Office visits: staff of the school and the supervisor; teachers the
-- roster's visits without any clinical column; guardians the shared ones.
create policy visits_select_staff on med.visits
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('med_nurse', 'med_aide', 'med_supervisor')
       and visits.student_id = any ((select med_private.visible_student_ids())::uuid[]));

create policy visits_select_teacher on med.visits
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'med_teacher'
       and visits.student_id = any ((select med_private.visible_student_ids())::uuid[]));

create policy visits_select_guardian on med.visits
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'med_guardian'
       and shared_with_guardian
       and visits.student_id = any ((select med_private.visible_student_ids())::uuid[]));

-- the private view masks every clinical column for teachers; the exposed
-- view refuses them those columns outright (42501), by column privileges
grant select on med_private.visits to med_nurse, med_aide, med_teacher, med_guardian, med_supervisor;
grant select on med_api.visits to med_nurse, med_aide, med_guardian, med_supervisor;
grant select (id, student_id, school_id, visited_at, disposition) on med_api.visits to med_teacher;

grant execute on function med_api.record_visit(uuid, text, text, numeric, text, boolean, text, text, int, boolean) to med_nurse, med_aide;
