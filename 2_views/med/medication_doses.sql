create view med_api.medication_doses
with (security_invoker = true)
as
select medication_doses.id,
       medication_doses.order_id,
       medication_doses.student_id,
       medication_doses.given_at,
       medication_doses.local_date,
       medication_doses.given_by
from med_private.medication_doses as medication_doses;
comment on view med_api.medication_doses is 'The administration record: every dose of the students the caller sees, when and by whom (teachers 42501).';
