create view med_private.medication_orders as
select medication_orders.id,
       medication_orders.tenant_id,
       medication_orders.student_id,
       medication_orders.medication,
       medication_orders.dose,
       medication_orders.route,
       medication_orders.prescriber,
       medication_orders.is_prn,
       medication_orders.max_daily_doses,
       medication_orders.min_interval,
       medication_orders.starts_on,
       medication_orders.ends_on,
       medication_orders.guardian_consent,
       medication_orders.is_controlled,
       medication_orders.is_epinephrine,
       medication_orders.created_by,
       medication_orders.created_at,
       medication_orders.discontinued_at,
       medication_orders.discontinued_by,
       medication_orders.discontinue_reason
from med.medication_orders as medication_orders;
alter view med_private.medication_orders owner to med_reader;
comment on view med_private.medication_orders is 'Medication orders the acting user may see (policies of med.medication_orders): never teachers.';
