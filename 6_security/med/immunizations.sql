-- Immunizations, exemptions, conditional enrollments; the rule tables.
create policy immunizations_select_care_team on med.immunizations
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('med_nurse', 'med_aide', 'med_supervisor', 'med_guardian')
       and immunizations.student_id = any ((select med_private.visible_student_ids())::uuid[]));

create policy exemptions_select_care_team on med.exemptions
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('med_nurse', 'med_aide', 'med_supervisor', 'med_guardian')
       and exists (select from med.students as students where students.id = exemptions.student_id));

create policy conditional_enrollments_select_care_team on med.conditional_enrollments
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('med_nurse', 'med_aide', 'med_supervisor', 'med_guardian')
       and exists (select from med.students as students where students.id = conditional_enrollments.student_id));

-- rule tables: not exposed (the API functions read them as definer); the
-- policies keep a future grant to the logged-in users of the district
create policy vaccines_select_user on med.vaccines
for select to med_reader
using ((tenant_id is null or tenant_id = (select core.current_tenant_id()))
       and (select core.current_tenant_id()) is not null);

create policy vaccine_requirements_select_user on med.vaccine_requirements
for select to med_reader
using ((tenant_id is null or tenant_id = (select core.current_tenant_id()))
       and (select core.current_tenant_id()) is not null);

create policy vaccine_dose_rules_select_user on med.vaccine_dose_rules
for select to med_reader
using ((tenant_id is null or tenant_id = (select core.current_tenant_id()))
       and (select core.current_tenant_id()) is not null);

grant select on med_private.immunizations, med_api.immunizations,
    med_private.exemptions, med_api.exemptions,
    med_private.conditional_enrollments, med_api.conditional_enrollments
to med_nurse, med_aide, med_guardian, med_supervisor;

grant execute on function med_api.record_immunization(uuid, text, date) to med_nurse;
grant execute on function med_api.immunization_status(uuid) to med_nurse, med_aide, med_supervisor, med_guardian;
grant execute on function med_api.immunization_doses(uuid) to med_nurse, med_aide, med_supervisor, med_guardian;
grant execute on function med_api.record_exemption(uuid, text, text, date, text) to med_nurse, med_supervisor;
grant execute on function med_api.set_conditional_enrollment(uuid, date, text) to med_nurse, med_supervisor;
grant execute on function med_api.send_deficiency_letter(uuid) to med_nurse, med_supervisor;
grant execute on function med_api.request_immunization_record(uuid) to med_nurse, med_guardian;
