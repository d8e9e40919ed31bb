-- Guardians, their links to students, custody restrictions and authorized pickups.
create policy guardians_select_staff on med.guardians
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('med_nurse', 'med_aide', 'med_supervisor')
       and exists (select from med.student_guardians as links where links.guardian_id = guardians.id));

create policy guardians_select_self on med.guardians
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'med_guardian'
       and user_id = (select core.current_user_id()));

create policy student_guardians_select_staff on med.student_guardians
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('med_nurse', 'med_aide', 'med_supervisor')
       and exists (select from med.students as students where students.id = student_guardians.student_id));

create policy student_guardians_select_guardian on med.student_guardians
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'med_guardian'
       and guardian_id = (select med_private.current_guardian_id())
       and student_id = any ((select med_private.current_child_ids())::uuid[]));

create policy custody_restrictions_select_staff on med.custody_restrictions
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('med_nurse', 'med_aide', 'med_supervisor')
       and exists (select from med.students as students where students.id = custody_restrictions.student_id));

create policy authorized_pickups_select_care_team on med.authorized_pickups
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('med_nurse', 'med_aide', 'med_supervisor', 'med_guardian')
       and authorized_pickups.student_id = any ((select med_private.visible_student_ids())::uuid[]));

grant select on med_private.guardians, med_api.guardians,
    med_private.student_guardians, med_api.student_guardians,
    med_private.authorized_pickups, med_api.authorized_pickups
to med_nurse, med_aide, med_guardian, med_supervisor;
grant select on med_private.custody_restrictions, med_api.custody_restrictions
to med_nurse, med_aide, med_supervisor;

grant execute on function med_api.add_guardian(uuid, text, text, text, text) to med_nurse, med_supervisor;
grant execute on function med_api.restrict_custody(uuid, uuid, text, date) to med_nurse, med_supervisor;
grant execute on function med_api.add_authorized_pickup(uuid, text, text, text, uuid) to med_nurse, med_supervisor, med_guardian;
