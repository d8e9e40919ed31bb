create function med_api.refuse_count(count_id uuid, reason text)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    controlled_count med.controlled_counts;
begin
    perform core.check_text(refuse_count.reason, 'a reason', 1000);
    if not core.has_text(refuse_count.reason) then
        raise exception 'refusing a count needs a reason'
            using errcode = '22023', hint = 'say what you did not see';
    end if;
    if not exists (select from med_private.controlled_counts as counts where counts.id = refuse_count.count_id) then
        raise exception 'controlled substance count % not found', coalesce(refuse_count.count_id::text, 'null')
            using errcode = 'PT404';
    end if;
    -- the order first (as administer_medication, the counts and
    -- witness_count lock it), then the count
    perform
    from med.medication_orders as orders
    where orders.id = (select counts.order_id from med.controlled_counts as counts where counts.id = refuse_count.count_id)
    for update;
    select * into controlled_count from med.controlled_counts as counts where counts.id = refuse_count.count_id for update;
    if controlled_count.witnessed_by is distinct from core.current_user_id() then
        raise exception 'count % names another witness: only the named witness answers it, in their own session', controlled_count.id
            using errcode = '42501';
    end if;
    if controlled_count.witnessed_at is not null then
        raise exception 'count % was already witnessed at %', controlled_count.id, controlled_count.witnessed_at
            using errcode = 'PT409';
    end if;
    if controlled_count.refused_at is not null then
        raise exception 'count % was already refused at %', controlled_count.id, controlled_count.refused_at
            using errcode = 'PT409';
    end if;

    update med.controlled_counts as counts
    set refused_at = pg_catalog.clock_timestamp(),
        refusal_reason = pg_catalog.btrim(refuse_count.reason)
    where counts.id = controlled_count.id;
    return controlled_count.id;
end
$$;
comment on function med_api.refuse_count(uuid, text) is 'The named witness refuses a controlled substance count (count_in_controlled, count_controlled) in their own session, saying why (they did not see the units it says): stamps refused_at and refusal_reason. A refused count never moves the units on hand, never holds up a periodic count of its order, and stays in the log (med_api.controlled_counts); so a count its witness will not confirm no longer keeps the periodic count from happening for 12 hours. Nurse, aide, supervisor (whoever may be named). Raises 22023 for a reason missing, blank (core.has_text) or over 1000 characters, PT404 for a count not visible (another school''s) or unknown, 42501 when the caller is not the named witness (the counter included), PT409 when already witnessed or refused. A lapsed count (over 12 hours) may still be refused, for the log. Security definer: locks the order, then the count.';
