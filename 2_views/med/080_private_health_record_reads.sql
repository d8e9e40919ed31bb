create view med_private.health_record_reads as
select health_record_reads.id,
       health_record_reads.tenant_id,
       health_record_reads.student_id,
       health_record_reads.read_by,
       health_record_reads.read_at,
       health_record_reads.reason
from med.health_record_reads as health_record_reads;
alter view med_private.health_record_reads owner to med_reader;
comment on view med_private.health_record_reads is 'The read log of full health records the acting user may see (policies of med.health_record_reads): the supervisor the district, a nurse their schools.';
