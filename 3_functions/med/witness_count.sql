create function med_api.witness_count(count_id uuid)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    controlled_count med.controlled_counts;
begin
    controlled_count := med_private.count_for_witness(witness_count.count_id);
    if controlled_count.counted_at < pg_catalog.now() - interval '12 hours' then
        raise exception 'count % of % was not witnessed within 12 hours: it has lapsed', controlled_count.id, controlled_count.counted_at
            using errcode = 'P0001', hint = 'count again, with the witness present';
    end if;

    update med.controlled_counts as counts
    set witnessed_at = pg_catalog.clock_timestamp()
    where counts.id = controlled_count.id;

    if controlled_count.kind = 'periodic' and controlled_count.quantity <> controlled_count.expected then
        insert into med.incidents (tenant_id, order_id, count_id, kind, expected, counted)
        values (controlled_count.tenant_id, controlled_count.order_id, controlled_count.id, 'count_mismatch',
                controlled_count.expected, controlled_count.quantity);
    end if;
    return controlled_count.id;
end
$$;
comment on function med_api.witness_count(uuid) is 'The named witness confirms a controlled substance count (count_in_controlled, count_controlled) in their own session: stamps witnessed_at, from which on the count moves the units on hand (med_private.controlled_on_hand); a periodic count whose quantity differs from the expected one then opens its incident (med_api.incidents). Nurse, aide, supervisor (whoever may be named). Raises PT404 for a count not visible (another school''s) or unknown, 42501 when the caller is not the named witness (the counter included), PT409 when already witnessed or refused (refuse_count), P0001 for a count older than 12 hours (lapsed: count again). Security definer: locks the order, then the count.';
