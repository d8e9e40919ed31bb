create function med_api.discontinue_order(order_id uuid, reason text)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    medication_order med.medication_orders;
begin
    perform core.check_text(discontinue_order.reason, 'a reason', 4000);
    if not core.has_text(discontinue_order.reason) then
        raise exception 'discontinuing an order needs a reason'
            using errcode = '22023';
    end if;
    if discontinue_order.order_id is null or not exists (
        select from med_private.medication_orders as orders where orders.id = discontinue_order.order_id
    ) then
        raise exception 'medication order % not found', coalesce(discontinue_order.order_id::text, 'null')
            using errcode = 'PT404';
    end if;
    select * into medication_order from med.medication_orders as orders where orders.id = discontinue_order.order_id for update;
    if medication_order.discontinued_at is not null then
        raise exception 'order % was already discontinued at %', medication_order.id, medication_order.discontinued_at
            using errcode = 'PT409';
    end if;

    -- stamped at the moment the order's lock is held, not at the start of
    -- the transaction (now()): a dose committed while this call waited for
    -- the lock, or between its start and the lock, is then never after the
    -- discontinuation; a dose waiting on the lock finds it discontinued
    update med.medication_orders as orders
    set discontinued_at = pg_catalog.clock_timestamp(),
        discontinued_by = core.current_user_id(),
        discontinue_reason = pg_catalog.btrim(discontinue_order.reason)
    where orders.id = medication_order.id;
end
$$;
comment on function med_api.discontinue_order(uuid, text) is 'Stops an order before its end date (the prescriber''s instruction, the guardian''s request): no dose may be given after it. Stamped with clock_timestamp() once the order''s row is locked (not the transaction''s start), so that no dose recorded before it, by a request that reached the order first, falls after it. Nurse. Raises 22023 without a reason (or one of white space or invisible characters only: core.has_text), PT404 for an order not visible, PT409 when already discontinued. Security definer: writes med.medication_orders after checking visibility (audited).';
