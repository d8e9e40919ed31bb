-- med.students: who sees which student (through med_private.students, owned by med_reader)
create policy students_select_school_staff on med.students
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('med_nurse', 'med_aide')
       and school_id = any ((select med_private.current_school_ids())::uuid[]));

create policy students_select_supervisor on med.students
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'med_supervisor');

create policy students_select_teacher on med.students
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'med_teacher'
       and id = any ((select med_private.current_roster_ids())::uuid[]));

-- a guardian: their children, never one under a custody restriction against them
create policy students_select_guardian on med.students
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'med_guardian'
       and id = any ((select med_private.current_child_ids())::uuid[]));

create policy rosters_select_teacher on med.rosters
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'med_teacher'
       and teacher_id = (select core.current_user_id()));

create policy rosters_select_staff on med.rosters
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('med_nurse', 'med_aide', 'med_supervisor')
       and exists (select from med.students as students where students.id = rosters.student_id));

grant select on med_private.students, med_api.students
to med_nurse, med_aide, med_teacher, med_guardian, med_supervisor;
grant select on med_private.rosters, med_api.rosters
to med_nurse, med_aide, med_teacher, med_supervisor;

grant execute on function med_api.enroll_student(uuid, text, text, date, int) to med_nurse, med_supervisor;
grant execute on function med_api.set_emergency_instructions(uuid, text) to med_nurse;
