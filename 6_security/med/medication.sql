-- Medication orders, the administration record, controlled substance counts and incidents.
create policy medication_orders_select_care_team on med.medication_orders
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('med_nurse', 'med_aide', 'med_supervisor', 'med_guardian')
       and medication_orders.student_id = any ((select med_private.visible_student_ids())::uuid[]));

create policy medication_doses_select_care_team on med.medication_doses
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('med_nurse', 'med_aide', 'med_supervisor', 'med_guardian')
       and exists (select from med.students as students where students.id = medication_doses.student_id));

create policy controlled_counts_select_staff on med.controlled_counts
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('med_nurse', 'med_aide', 'med_supervisor')
       and exists (select from med.medication_orders as orders where orders.id = controlled_counts.order_id));

create policy incidents_select_staff on med.incidents
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('med_nurse', 'med_aide', 'med_supervisor')
       and exists (select from med.medication_orders as orders where orders.id = incidents.order_id));

grant select on med_private.medication_orders, med_api.medication_orders,
    med_private.medication_doses, med_api.medication_doses
to med_nurse, med_aide, med_guardian, med_supervisor;
grant select on med_private.controlled_counts, med_api.controlled_counts, med_private.incidents, med_api.incidents
to med_nurse, med_aide, med_supervisor;

grant execute on function med_api.add_medication_order(uuid, text, text, text, boolean, int, interval, date, date, boolean, text, boolean)
to med_nurse;
grant execute on function med_api.administer_medication(uuid, timestamptz) to med_nurse, med_aide;
grant execute on function med_api.count_in_controlled(uuid, int, uuid) to med_nurse, med_aide;
grant execute on function med_api.count_controlled(uuid, int, uuid) to med_nurse, med_aide;
grant execute on function med_api.resolve_incident(uuid, text) to med_nurse, med_supervisor;
grant execute on function med_api.authorize_order(uuid, text, boolean) to med_nurse;
grant execute on function med_api.discontinue_order(uuid, text) to med_nurse;
grant execute on function med_api.witness_count(uuid) to med_nurse, med_aide, med_supervisor;
grant execute on function med_api.refuse_count(uuid, text) to med_nurse, med_aide, med_supervisor;
