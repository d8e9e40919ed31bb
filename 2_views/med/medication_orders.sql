create view med_api.medication_orders
with (security_invoker = true)
as
select medication_orders.id,
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
       medication_orders.created_at,
       medication_orders.discontinued_at,
       medication_orders.discontinue_reason
from med_private.medication_orders as medication_orders;
comment on view med_api.medication_orders is 'Medication orders of the students the caller sees (nurses, aides, supervisor, guardians; teachers 42501).';
