create view med_private.student_guardians as
select student_guardians.student_id,
       student_guardians.guardian_id,
       student_guardians.tenant_id,
       student_guardians.relationship,
       student_guardians.created_at
from med.student_guardians as student_guardians;
alter view med_private.student_guardians owner to med_reader;
comment on view med_private.student_guardians is 'Links of students and guardians the acting user may see (policies of med.student_guardians).';
