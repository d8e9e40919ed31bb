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
    controlled_count := med_private.count_for_witness(refuse_count.count_id);

    update med.controlled_counts as counts
    set refused_at = pg_catalog.clock_timestamp(),
        refusal_reason = pg_catalog.btrim(refuse_count.reason)
    where counts.id = controlled_count.id;
    return controlled_count.id;
end
$$;
comment on function med_api.refuse_count(uuid, text) is 'The named witness refuses a controlled substance count (count_in_controlled, count_controlled) in their own session, saying why (they did not see the units it says): stamps refused_at and refusal_reason. A refused count never moves the units on hand, never holds up a periodic count of its order, and stays in the log (med_api.controlled_counts); so a count its witness will not confirm no longer keeps the periodic count from happening for 12 hours. Nurse, aide, supervisor (whoever may be named). Raises 22023 for a reason missing, blank (core.has_text) or over 1000 characters, PT404 for a count not visible (another school''s) or unknown, 42501 when the caller is not the named witness (the counter included), PT409 when already witnessed or refused. A lapsed count (over 12 hours) may still be refused, for the log. Security definer: locks the order, then the count.';
