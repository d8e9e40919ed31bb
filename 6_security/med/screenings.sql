-- an exists, not the list of med_private.visible_student_ids(): the
-- documents view tests a referral letter's screening once per letter, and a
-- list parameter is tested element by element there
create policy screenings_select_care_team on med.screenings
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('med_nurse', 'med_aide', 'med_supervisor', 'med_guardian')
       and exists (select from med.students as students where students.id = screenings.student_id));

grant select on med_private.screenings, med_api.screenings to med_nurse, med_aide, med_guardian, med_supervisor;

grant execute on function med_api.record_screening(uuid, text, text, text, date) to med_nurse;
