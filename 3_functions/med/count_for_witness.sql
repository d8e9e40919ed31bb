create function med_private.count_for_witness(count_id uuid)
returns med.controlled_counts
language plpgsql
volatile
set search_path = ''
as $$
declare
    controlled_count med.controlled_counts;
begin
    if not exists (select from med_private.controlled_counts as counts where counts.id = count_for_witness.count_id) then
        raise exception 'controlled substance count % not found', coalesce(count_for_witness.count_id::text, 'null')
            using errcode = 'PT404';
    end if;
    -- the order first (as administer_medication and the counts lock it),
    -- then the count
    perform
    from med.medication_orders as orders
    where orders.id = (select counts.order_id from med.controlled_counts as counts where counts.id = count_for_witness.count_id)
    for update;
    select * into controlled_count from med.controlled_counts as counts where counts.id = count_for_witness.count_id for update;
    if controlled_count.witnessed_by is distinct from core.current_user_id() then
        raise exception 'count % names another witness: only the named witness answers it, in their own session', controlled_count.id
            using errcode = '42501';
    end if;
    if controlled_count.witnessed_at is not null then
        raise exception 'count % was already witnessed at %', controlled_count.id, controlled_count.witnessed_at
            using errcode = 'PT409';
    end if;
    if controlled_count.refused_at is not null then
        raise exception 'count % was refused by its witness at %', controlled_count.id, controlled_count.refused_at
            using errcode = 'PT409', hint = 'count again, with the witness present';
    end if;
    return controlled_count;
end
$$;
comment on function med_private.count_for_witness(uuid) is 'The controlled substance count its named witness answers (med_api.witness_count, med_api.refuse_count), locked: the order first, then the count. Raises PT404 for a count the caller cannot see (another school''s) or unknown, 42501 when the caller is not the named witness (the counter included), PT409 when it was already witnessed or refused. Internal.';
