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
    last_mark numeric;
    max_move numeric;
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
    -- the feed's tick may move the brokerage's mark only so far (its class's
    -- max_tick_move, the tenant's row over the default): a garbled tick would
    -- close out every account holding the symbol at a price no market made.
    -- A brokerage-wide manager posts a real jump after checking the market.
    if acting_role = 'crm_feed' then
        last_mark := crm_private.latest_price(acting_tenant_id, set_price.symbol);
        max_move := (crm_private.price_tolerance(acting_tenant_id, set_price.symbol)).max_tick_move;
        if pg_catalog.abs(set_price.price - last_mark) > last_mark * max_move then
            raise exception 'a tick of % at % moves the mark % more than % %%', set_price.symbol, set_price.price, last_mark, max_move * 100
                using errcode = 'P0001',
                      detail = 'the price feed''s tick may move the mark at most crm.price_tolerances.max_tick_move of the symbol''s class',
                      hint = 'a manager of the whole brokerage posts it after checking the market';
        end if;
    end if;

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
comment on function crm_api.set_price(text, numeric) is 'The one way a mark price is posted: the brokerage''s price feed (role crm_feed) or a manager of the whole brokerage (no desk) records the mark of a symbol, which fills must lie near (crm.price_tolerances) and margin is judged on; a desk manager gets 42501. Then every account of the brokerage holding the symbol is judged at its exact margin level (crm_private.enforce_margin): below the margin call level (crm.margin_rules, 100 %) a mailer.margin_call job (one per account per day); below the stop-out level (50 %) every open position of the account is closed at mark prices (is_stop_out), and a negative balance left is reset by a broker credit from nbp_credit, never from another account, for the part of it that the account''s withdrawals waiting for finance do not cover (crm_private.protect_negative_balance). Returns the number of positions closed. Raises 42501 for any other caller, 22023 for an unknown symbol or a price that is not a positive finite number between 1e-9 and 1e9 (crm_private.require_price), P0001 for a feed tick moving the brokerage''s last mark more than its class''s max_tick_move (crm.price_tolerances; a brokerage-wide manager may post it). Security definer (search_path '''') because it must value and close every account of the brokerage, which no API role may read or write.';
