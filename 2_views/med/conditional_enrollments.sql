create view med_api.conditional_enrollments
with (security_invoker = true)
as
select conditional_enrollments.id,
       conditional_enrollments.student_id,
       conditional_enrollments.deadline,
       conditional_enrollments.note
from med_private.conditional_enrollments as conditional_enrollments;
comment on view med_api.conditional_enrollments is 'Students enrolled on condition of catching up their vaccines by a deadline.';
