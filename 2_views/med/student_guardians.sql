create view med_api.student_guardians
with (security_invoker = true)
as
select student_guardians.student_id,
       student_guardians.guardian_id,
       student_guardians.relationship
from med_private.student_guardians as student_guardians;
comment on view med_api.student_guardians is 'Which guardian belongs to which student: staff who see the student, and a guardian their own links (never to a restricted child).';
