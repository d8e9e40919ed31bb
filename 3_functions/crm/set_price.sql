create function crm_api.set_price(symbol text, price numeric)
returns int
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    acting_tenant_id uuid := core.current_tenant_id();
    acting_role name := core.current_user_role();
    account_row record;
    closed_count int := 0;
begin
    -- prices are the brokerage's market data: its price feed, or a manager of
    -- the whole brokerage (no desk), never a desk manager
    if acting_tenant_id is null or acting_role is null or acting_role not in ('crm_feed', 'crm_manager') then
        raise exception 'only the price feed or a brokerage-wide manager may post prices'
            using errcode = '42501';
    end if;
    if acting_role = 'crm_manager' and crm_private.current_desk_id() is not null then
        raise exception 'a desk manager may not post prices'
            using errcode = '42501',
                  detail = 'a tick closes out accounts of every desk; only the price feed or a manager without a desk may post one';
    end if;
    if not exists (
        select
        from crm.instruments as instruments
        where instruments.symbol = set_price.symbol
          and (instruments.tenant_id is null or instruments.tenant_id = acting_tenant_id)
    ) then
        raise exception 'unknown symbol %', coalesce(set_price.symbol, 'null')
            using errcode = '22023';
    end if;
    perform crm_private.require_price(set_price.price);

    insert into crm.prices (tenant_id, symbol, price)
    values (acting_tenant_id, set_price.symbol, set_price.price);

    -- every account of the brokerage holding the symbol (the only ones whose
    -- equity a tick changes), locked in id order (the same order everywhere,
    -- so two price ticks cannot deadlock)
    for account_row in
        select accounts.id
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
        closed_count := closed_count + crm_private.enforce_margin(account_row.id);
    end loop;
    return closed_count;
end
$$;
comment on function crm_api.set_price(text, numeric) is 'The one way a mark price is posted: the brokerage''s price feed (role crm_feed) or a manager of the whole brokerage (no desk) records the mark of a symbol, which fills must lie near (crm.price_tolerances) and margin is judged on; a desk manager gets 42501. Then every account of the brokerage holding the symbol is judged at its exact margin level (crm_private.enforce_margin): below the margin call level (crm.margin_rules, 100 %) a mailer.margin_call job (one per account per day); below the stop-out level (50 %) every open position of the account is closed at mark prices (is_stop_out), and a negative balance left is reset to zero by a broker credit from nbp_credit, never from another account. Returns the number of positions closed. Raises 42501 for any other caller, 22023 for an unknown symbol or a price that is not a positive finite number. Security definer (search_path '''') because it must value and close every account of the brokerage, which no API role may read or write.';
