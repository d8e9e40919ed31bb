create function med_private.order_in_force(medication_order med.medication_orders, at timestamptz, local_date date)
returns boolean
language sql
immutable
parallel safe
set search_path = ''
as $$
    select medication_order.prescriber is not null
       and medication_order.guardian_consent
       -- on file by then: authorized by then, or entered complete by then
       and coalesce(medication_order.authorized_at, medication_order.created_at) <= order_in_force.at
       and (medication_order.discontinued_at is null or medication_order.discontinued_at > order_in_force.at)
       and order_in_force.local_date between medication_order.starts_on and medication_order.ends_on
$$;
comment on function med_private.order_in_force(med.medication_orders, timestamptz, date) is 'Whether a medication order is in force for a dose at a time (local_date: that time''s school-local date): a prescriber and guardian consent on file, and by then (authorized_at, set by authorize_order; created_at for an order entered complete, so an order lowers no limit before it existed), not discontinued by then, and the day within the order''s dates. The limits of a drug across a student''s orders (med_api.administer_medication) take the lowest daily maximum and the longest interval among the orders in force. Internal.';
