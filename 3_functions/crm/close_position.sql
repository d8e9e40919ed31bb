create function crm_api.close_position(position_id uuid, price numeric)
returns numeric
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    visible_account_id uuid;
    position_symbol text;
    position_tenant_id uuid;
    position_side text;
    pnl numeric;
begin
    perform crm_private.require_price(close_position.price);

    select positions.account_id, positions.symbol, positions.tenant_id, positions.side
    into visible_account_id, position_symbol, position_tenant_id, position_side
    from crm_private.positions as positions
    where positions.id = close_position.position_id;
    if visible_account_id is null then
        raise exception 'position % not found', close_position.position_id
            using errcode = 'PT404';
    end if;

    perform
    from crm.accounts as accounts
    where accounts.id = visible_account_id
    for update;

    -- closing twice is a conflict whatever the price (settle_position says so
    -- under the lock); the fill must be near the brokerage's own mark, and
    -- closing a buy sells, closing a sell buys
    if exists (select from crm.positions as positions where positions.id = close_position.position_id and positions.closed_at is null) then
        perform crm_private.check_fill_price(position_tenant_id, position_symbol,
                                             case position_side when 'buy' then 'sell' else 'buy' end, close_position.price);
    end if;

    pnl := crm_private.settle_position(close_position.position_id, close_position.price, false);
    perform crm_private.protect_negative_balance(visible_account_id);
    return pnl;
end
$$;
comment on function crm_api.close_position(uuid, numeric) is 'Closes an open position at price (the client on their own account, or a manager of the desk), which must lie within the class''s tolerance of the brokerage''s latest mark (crm.price_tolerances) and be no better for the client than the mark (closing a buy sells at the mark or below, closing a sell buys at the mark or above), and returns the realized P&L of that fill in the account''s currency, booked to the ledger against house_pnl; accrues the IB commission; a negative balance left on an account without open positions is reset by a broker credit, for the part of it that the account''s withdrawals waiting for finance do not cover (crm_private.protect_negative_balance). Raises 22023 for a price that is not a positive finite number between 1e-9 and 1e9, PT404 for a position the caller cannot see, PT409 when it is already closed, P0001 when the brokerage has no mark for the symbol or its latest is older than the class''s max_mark_age (crm.price_tolerances), or the price is better than the mark or outside the tolerance. Security definer (search_path '''') because API roles have no privilege on the trading tables; it checks visibility through crm_private.positions.';
