-- Districts, schools, staff and their assignments.
create policy districts_select_member on med.districts
for select to med_reader
using (tenant_id = (select core.current_tenant_id()));

create policy schools_select_school_staff on med.schools
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('med_nurse', 'med_aide')
       and id = any ((select med_private.current_school_ids())::uuid[]));

create policy schools_select_supervisor on med.schools
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'med_supervisor');

-- teachers and guardians: the schools of the students they see
create policy schools_select_family_teacher on med.schools
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('med_teacher', 'med_guardian')
       and exists (select from med.students as students where students.school_id = schools.id));

create policy staff_select_staff on med.staff
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('med_nurse', 'med_aide', 'med_supervisor'));

create policy school_assignments_select_staff on med.school_assignments
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('med_nurse', 'med_aide', 'med_supervisor'));

grant select on med_private.schools, med_api.schools
to med_nurse, med_aide, med_teacher, med_guardian, med_supervisor;
