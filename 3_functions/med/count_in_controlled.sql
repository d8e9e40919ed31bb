create function med_api.count_in_controlled(order_id uuid, quantity int, witness_id uuid)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    medication_order med.medication_orders;
    count_id uuid;
begin
    if count_in_controlled.quantity is null or count_in_controlled.quantity not between 1 and 1000 then
        raise exception 'a count-in needs a quantity of 1 to 1000 units, got %', coalesce(count_in_controlled.quantity::text, 'null')
            using errcode = '22023', hint = 'a school keeps a few weeks'' supply; count larger deliveries in as several entries';
    end if;
    medication_order := med_private.check_witness(count_in_controlled.order_id, count_in_controlled.witness_id);
    insert into med.controlled_counts (tenant_id, order_id, kind, quantity, counted_by, witnessed_by, counted_at)
    values (medication_order.tenant_id, medication_order.id, 'count_in', count_in_controlled.quantity,
            core.current_user_id(), count_in_controlled.witness_id, pg_catalog.clock_timestamp())
    returning controlled_counts.id into count_id;
    return count_id;
end
$$;
comment on function med_api.count_in_controlled(uuid, int, uuid) is 'Counts units of a controlled substance in (delivered by the guardian), by the caller naming a witness (another nurse or aide of the school, or a supervisor); returns the count, awaiting its witness: the units are on hand only once the witness confirms it (med_api.witness_count). Nurse, aide. Raises 22023 for a quantity outside 1..1000, 42501 when the witness is the caller, PT404 for an order not visible or an unknown witness, PT409 for an order that is not controlled. Security definer: writes med.controlled_counts after checking visibility.';
