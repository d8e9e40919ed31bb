create view med_api.health_record_reads
with (security_invoker = true)
as
select health_record_reads.id,
       health_record_reads.student_id,
       health_record_reads.read_by,
       health_record_reads.read_at,
       health_record_reads.reason
from med_private.health_record_reads as health_record_reads;
comment on view med_api.health_record_reads is 'Who read which student''s full health record, when and why: the supervisor the whole district, nurses their schools.';
