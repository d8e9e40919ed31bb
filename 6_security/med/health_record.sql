-- The full health record and its read log: the supervisor reads the log of
-- the district, a nurse that of her schools.
create policy health_record_reads_select_supervisor on med.health_record_reads
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'med_supervisor');

create policy health_record_reads_select_nurse on med.health_record_reads
for select to med_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'med_nurse'
       and health_record_reads.student_id = any ((select med_private.visible_student_ids())::uuid[]));

grant select on med_private.health_record_reads, med_api.health_record_reads to med_nurse, med_supervisor;

grant execute on function med_api.student_health_record(uuid, text) to med_nurse, med_supervisor;
