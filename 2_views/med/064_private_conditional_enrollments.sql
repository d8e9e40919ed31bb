create view med_private.conditional_enrollments as
select conditional_enrollments.id,
       conditional_enrollments.tenant_id,
       conditional_enrollments.student_id,
       conditional_enrollments.deadline,
       conditional_enrollments.note,
       conditional_enrollments.recorded_by,
       conditional_enrollments.created_at
from med.conditional_enrollments as conditional_enrollments;
alter view med_private.conditional_enrollments owner to med_reader;
comment on view med_private.conditional_enrollments is 'Conditional enrollments the acting user may see (policies of med.conditional_enrollments).';
