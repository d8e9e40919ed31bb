create function crm_api.set_price(symbol text, price numeric)
returns int
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    acting_tenant_id uuid := core.current_tenant_id();
    rules crm.margin_rules;
    account_row record;
    state record;
    open_row record;
    closed_count int := 0;
begin
    if not exists (select from crm.instruments as instruments where instruments.symbol = set_price.symbol) then
        raise exception 'unknown symbol %', coalesce(set_price.symbol, 'null')
            using errcode = '22023';
    end if;
    if set_price.price is null or set_price.price <= 0 then
        raise exception 'price must be positive, got %', coalesce(set_price.price::text, 'null')
            using errcode = '22023';
    end if;
    if acting_tenant_id is null then
        raise exception 'not logged in' using errcode = '42501';
    end if;

    insert into crm.prices (tenant_id, symbol, price)
    values (acting_tenant_id, set_price.symbol, set_price.price);

    select *
    into rules
    from crm.margin_rules as margin_rules
    where margin_rules.tenant_id = acting_tenant_id
       or margin_rules.tenant_id is null
    order by margin_rules.tenant_id nulls last
    limit 1;

    -- every account of the brokerage holding the symbol, locked in id order
    -- (the same order everywhere, so two price ticks cannot deadlock)
    for account_row in
        select accounts.id, accounts.currency
        from crm.accounts as accounts
        where accounts.tenant_id = acting_tenant_id
          and exists (
              select
              from crm.positions as positions
              where positions.account_id = accounts.id
                and positions.closed_at is null
                and positions.symbol = set_price.symbol)
        order by accounts.id
        for update
    loop
        select * into state from crm_private.account_state(account_row.id);
        continue when state.margin_level is null;

        if state.margin_level < rules.stop_out_level then
            for open_row in
                select positions.id, positions.symbol, positions.open_price
                from crm.positions as positions
                where positions.account_id = account_row.id
                  and positions.closed_at is null
                order by positions.opened_at, positions.id
            loop
                perform crm_private.settle_position(
                    open_row.id,
                    coalesce(crm_private.latest_price(acting_tenant_id, open_row.symbol), open_row.open_price),
                    true);
                closed_count := closed_count + 1;
            end loop;
            perform crm_private.protect_negative_balance(account_row.id);
        elsif state.margin_level < rules.margin_call_level then
            perform core.enqueue(
                'mailer.margin_call',
                pg_catalog.jsonb_build_object('template', 'margin_call', 'account_id', account_row.id, 'margin_level', state.margin_level),
                now(),
                'margin_call:' || account_row.id || ':' || current_date);
        end if;
    end loop;
    return closed_count;
end
$$;
comment on function crm_api.set_price(text, numeric) is 'The brokerage''s price feed (manager): records the mark price of a symbol, then checks every account holding it: below the margin call level (crm.margin_rules, 100 %) a mailer.margin_call job (one per account per day); below the stop-out level (50 %) every open position of the account is closed at mark prices (is_stop_out), and a negative balance left is reset to zero by a broker credit from nbp_credit, never from another account. Returns the number of positions closed. Raises 22023 for an unknown symbol or a non-positive price. Security definer (search_path '''') because it must value and close every account of the brokerage, which no API role may read or write.';
