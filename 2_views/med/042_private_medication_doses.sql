create view med_private.medication_doses as
select medication_doses.id,
       medication_doses.tenant_id,
       medication_doses.order_id,
       medication_doses.student_id,
       medication_doses.school_id,
       medication_doses.given_at,
       medication_doses.local_date,
       medication_doses.given_by,
       medication_doses.recorded_at
from med.medication_doses as medication_doses;
alter view med_private.medication_doses owner to med_reader;
comment on view med_private.medication_doses is 'Doses given (the administration record) the acting user may see (policies of med.medication_doses): never teachers.';
