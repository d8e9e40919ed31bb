create function med_api.count_controlled(order_id uuid, counted int, witness_id uuid)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    medication_order med.medication_orders;
    expected_quantity int;
    count_id uuid;
begin
    if count_controlled.counted is null or count_controlled.counted < 0 then
        raise exception 'a count needs the number of units on hand (0 or more), got %', coalesce(count_controlled.counted::text, 'null')
            using errcode = '22023';
    end if;
    medication_order := med_private.check_witness(count_controlled.order_id, count_controlled.witness_id);
    expected_quantity := med_private.controlled_on_hand(medication_order.id);

    insert into med.controlled_counts (tenant_id, order_id, kind, quantity, expected, counted_by, witnessed_by, counted_at)
    values (medication_order.tenant_id, medication_order.id, 'periodic', count_controlled.counted, expected_quantity,
            core.current_user_id(), count_controlled.witness_id, pg_catalog.clock_timestamp())
    returning controlled_counts.id into count_id;

    if count_controlled.counted <> expected_quantity then
        insert into med.incidents (tenant_id, order_id, count_id, kind, expected, counted)
        values (medication_order.tenant_id, medication_order.id, count_id, 'count_mismatch', expected_quantity, count_controlled.counted);
    end if;
    return count_id;
end
$$;
comment on function med_api.count_controlled(uuid, int, uuid) is 'A periodic count of a controlled substance by the caller and a witness: records the units counted beside those expected (med_private.controlled_on_hand); when they differ an incident is opened (med_api.incidents). The count is the new baseline. Nurse, aide. Raises 22023 for a negative or missing count, 42501 when the witness is the caller, PT404 for an order not visible or an unknown witness, PT409 for an order that is not controlled. Security definer.';
