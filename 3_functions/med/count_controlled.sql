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
    pending_count_id uuid;
begin
    -- bounded like a count-in (at most 1000 units each): the count becomes
    -- the books, and two billion plus one count-in overflows them (22003 on
    -- every later dose and count of the order)
    if count_controlled.counted is null or count_controlled.counted not between 0 and 10000 then
        raise exception 'a count needs the number of units on hand (0 to 10000), got %', coalesce(count_controlled.counted::text, 'null')
            using errcode = '22023', hint = 'a school keeps a few weeks'' supply';
    end if;
    medication_order := med_private.check_witness(count_controlled.order_id, count_controlled.witness_id);
    -- the expected units are the witnessed books: an earlier count still
    -- awaiting its witness would be missing from them (or, witnessed later,
    -- change them under this count), so it is witnessed first, or lapses
    select counts.id into pending_count_id
    from med.controlled_counts as counts
    where counts.order_id = medication_order.id
      and counts.witnessed_at is null
      and counts.refused_at is null
      and counts.counted_at >= pg_catalog.now() - interval '12 hours'
    order by counts.counted_at
    limit 1;
    if pending_count_id is not null then
        raise exception 'count % of order % awaits its witness: a periodic count waits until it is witnessed', pending_count_id, medication_order.id
            using errcode = 'P0001', hint = 'the named witness confirms it with witness_count or refuses it with refuse_count (or it lapses 12 hours after it was counted)';
    end if;
    expected_quantity := med_private.controlled_on_hand(medication_order.id);

    insert into med.controlled_counts (tenant_id, order_id, kind, quantity, expected, counted_by, witnessed_by, counted_at)
    values (medication_order.tenant_id, medication_order.id, 'periodic', count_controlled.counted, expected_quantity,
            core.current_user_id(), count_controlled.witness_id, pg_catalog.clock_timestamp())
    returning controlled_counts.id into count_id;

    -- a mismatch opens its incident once the witness confirms the count
    -- (med_api.witness_count): one person alone raises nothing
    return count_id;
end
$$;
comment on function med_api.count_controlled(uuid, int, uuid) is 'A periodic count of a controlled substance by the caller, naming a witness: records the units counted beside those expected (med_private.controlled_on_hand, witnessed counts only) and returns the count, awaiting its witness. Once the witness confirms it (med_api.witness_count) the count is the new baseline and, when counted and expected differ, an incident is opened (med_api.incidents); until then it changes nothing. Refused (P0001) while an earlier count of the order awaits its witness (not lapsed, not refused: refuse_count), so that the expected units are the whole witnessed books. Nurse, aide. Raises 22023 for a missing count or one outside 0..10000, P0001 while another count awaits its witness, 42501 when the witness is the caller, PT404 for an order not visible or an unknown witness, PT409 for an order that is not controlled. Security definer.';
