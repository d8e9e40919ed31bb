create function med_api.authorize_order(order_id uuid, prescriber text default null, guardian_consent boolean default null)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    medication_order med.medication_orders;
begin
    perform core.check_text(authorize_order.prescriber, 'a prescriber', 200);
    if authorize_order.prescriber is null and authorize_order.guardian_consent is null then
        raise exception 'name the prescriber, the guardian''s consent, or both'
            using errcode = '22023';
    end if;
    if authorize_order.prescriber is not null and not core.has_text(authorize_order.prescriber) then
        raise exception 'a prescriber needs a name'
            using errcode = '22023';
    end if;
    if authorize_order.order_id is null or not exists (
        select from med_private.medication_orders as orders where orders.id = authorize_order.order_id
    ) then
        raise exception 'medication order % not found', coalesce(authorize_order.order_id::text, 'null')
            using errcode = 'PT404';
    end if;
    select * into medication_order from med.medication_orders as orders where orders.id = authorize_order.order_id for update;
    if medication_order.discontinued_at is not null then
        raise exception 'order % was discontinued', medication_order.id
            using errcode = 'PT409';
    end if;

    -- the moment the paperwork becomes complete: a late entry cannot place a
    -- dose before it (it would have been given without consent or prescriber)
    update med.medication_orders as orders
    set prescriber = coalesce(pg_catalog.btrim(authorize_order.prescriber), orders.prescriber),
        guardian_consent = coalesce(authorize_order.guardian_consent, orders.guardian_consent),
        authorized_at = case when (orders.prescriber is null or not orders.guardian_consent)
                                  and coalesce(pg_catalog.btrim(authorize_order.prescriber), orders.prescriber) is not null
                                  and coalesce(authorize_order.guardian_consent, orders.guardian_consent)
                             then now()
                             else orders.authorized_at end
    where orders.id = medication_order.id;
end
$$;
comment on function med_api.authorize_order(uuid, text, boolean) is 'Puts the paperwork of an order on file after it was entered: the prescriber (replacing the one on file) and/or the guardian''s consent (true, or false when the guardian withdraws it); no dose is given until both are on file, nor recorded (late entry) as given before the moment they were (authorized_at). Nurse. Raises 22023 when neither is given or the prescriber is blank (white space of any kind or invisible characters only: core.has_text), PT404 for an order not visible, PT409 for a discontinued order. Security definer: writes med.medication_orders after checking visibility (audited).';
