create function med_private.controlled_on_hand(order_id uuid)
returns int
language sql
stable
set search_path = ''
as $$
    with last_count as (
        select counts.quantity, counts.counted_at
        from med.controlled_counts as counts
        where counts.order_id = controlled_on_hand.order_id
          and counts.kind = 'periodic'
          and counts.witnessed_at is not null
        order by counts.counted_at desc, counts.id desc
        limit 1
    )
    select (coalesce((select last_count.quantity from last_count), 0)
            + coalesce((select pg_catalog.sum(counts.quantity)
                        from med.controlled_counts as counts
                        where counts.order_id = controlled_on_hand.order_id
                          and counts.kind = 'count_in'
                          and counts.witnessed_at is not null
                          and counts.counted_at > coalesce((select last_count.counted_at from last_count), '-infinity')), 0)
            - (select pg_catalog.count(*)
               from med.medication_doses as doses
               where doses.order_id = controlled_on_hand.order_id
                 and doses.given_at > coalesce((select last_count.counted_at from last_count), '-infinity')))::int
$$;
comment on function med_private.controlled_on_hand(uuid) is 'Units of a controlled substance order that should be on hand: the last witnessed periodic count (0 before any), plus units of witnessed count-ins since, minus doses given since (one unit per dose); since means strictly after its counted_at: the count is what was on hand at that instant, so a count-in or a dose at the very instant is already in it. A count awaiting its witness counts for nothing, so that one person alone cannot move the books; counts are placed in time by counted_at (when the units were counted), whenever witnessed. Internal.';
