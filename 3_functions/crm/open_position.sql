create function crm_api.open_position(account_id uuid, symbol text, side text, lots numeric, price numeric)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    account crm.accounts;
    client crm.clients;
    instrument crm.instruments;
    class_cap int;
    applied_leverage int;
    margin numeric;
    state record;
    position_id uuid;
begin
    if open_position.side is null or open_position.side not in ('buy', 'sell') then
        raise exception 'side must be buy or sell, got %', coalesce(open_position.side, 'null')
            using errcode = '22023';
    end if;
    perform crm_private.require_price(open_position.price);
    select *
    into instrument
    from crm.instruments as instruments
    where instruments.symbol = open_position.symbol;
    if not found then
        raise exception 'unknown symbol %', coalesce(open_position.symbol, 'null')
            using errcode = '22023', hint = 'crm_api.instruments lists the tradable symbols';
    end if;

    account := crm_private.lock_visible_account(open_position.account_id);
    if instrument.tenant_id is not null and instrument.tenant_id <> account.tenant_id then
        raise exception 'unknown symbol %', open_position.symbol
            using errcode = '22023', hint = 'crm_api.instruments lists the tradable symbols';
    end if;
    perform crm_private.check_lots(account.tenant_id, instrument.instrument_class, open_position.lots);

    -- the client's row after the account's, held to the end: first
    -- positions on two accounts at once move the client to active once,
    -- the second seeing the first's status
    client := crm_private.lock_client(account.client_id);
    perform crm_private.require_client_in_good_standing(client.id, 'trading');

    -- the fill must be near the brokerage's own mark, never a price the caller made up
    perform crm_private.check_fill_price(account.tenant_id, instrument.symbol, open_position.side, open_position.price);

    select caps.max_leverage
    into class_cap
    from crm.leverage_caps as caps
    where (caps.tenant_id = account.tenant_id or caps.tenant_id is null)
      and caps.classification = client.classification
      and caps.instrument_class = instrument.instrument_class
    order by caps.tenant_id nulls last
    limit 1;
    applied_leverage := least(account.leverage, class_cap);

    margin := greatest(
        pg_catalog.round(
            crm_private.convert_amount(open_position.lots * instrument.contract_size * open_position.price,
                                       instrument.quote_currency, account.currency, crm_private.today())
            / applied_leverage,
            2),
        0.01);

    select * into state from crm_private.account_state(account.id);
    if state.free_margin < margin then
        raise exception 'insufficient free margin: % % needed, % % free', margin, account.currency, state.free_margin, account.currency
            using errcode = 'P0001',
                  detail = pg_catalog.format('%s %s lots at %s, leverage 1:%s', open_position.symbol, open_position.lots, open_position.price, applied_leverage);
    end if;

    insert into crm.positions (tenant_id, account_id, symbol, side, lots, open_price, leverage, margin)
    values (account.tenant_id, account.id, instrument.symbol, open_position.side, open_position.lots, open_position.price, applied_leverage, margin)
    returning positions.id into position_id;

    if client.status in ('funded', 'dormant') then
        perform crm_private.transition_client(client.id, 'active',
            case client.status when 'funded' then 'first position' else 'trading again' end);
    end if;
    return position_id;
end
$$;
comment on function crm_api.open_position(uuid, text, text, numeric, numeric) is 'Opens a position on an account (the client on their own account, or a manager of the desk) at price, which must lie within the class''s tolerance of the brokerage''s latest mark (crm.price_tolerances) and be no better for the client than the mark (a buy at the mark or above, a sell at the mark or below). Lots are a multiple of the class''s lot step within its minimum and maximum (crm.lot_sizes). Leverage applied = least(account leverage, cap of the client''s current classification for the instrument class, crm.leverage_caps); margin = lots x contract size x price / leverage in the account''s currency (today''s rate), and must not exceed the free margin. The first position moves a funded client to active (a dormant one back to active). Raises 22023 for a bad side, lots (NaN, infinite, not a multiple of the step, outside the size) or price (NaN, infinite, not positive, below 1e-9 or above 1e9) or an unknown symbol, PT404 for an account the caller cannot see, PT409 for a closed client, P0001 when the client may not trade (no KYC approval, expired identity document), the brokerage has no mark for the symbol or its latest is older than the class''s max_mark_age, the price is better than the mark or outside the tolerance, or the free margin is insufficient. Security definer (search_path '''') because API roles have no privilege on the trading tables; it checks visibility through crm_private.accounts.';
