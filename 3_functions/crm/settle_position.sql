create function crm_private.settle_position(position_id uuid, price numeric, is_stop_out boolean)
returns numeric
language plpgsql
volatile
set search_path = ''
as $$
declare
    trade crm.positions;
    account crm.accounts;
    instrument crm.instruments;
    pnl numeric;
begin
    select *
    into trade
    from crm.positions as positions
    where positions.id = settle_position.position_id
    for update;
    if trade.closed_at is not null then
        raise exception 'position % is already closed', trade.id
            using errcode = 'PT409',
                  detail = pg_catalog.format('closed at %s at %s', trade.closed_at, trade.close_price);
    end if;

    select * into account from crm.accounts as accounts where accounts.id = trade.account_id;
    select * into instrument from crm.instruments as instruments where instruments.symbol = trade.symbol;

    pnl := pg_catalog.round(
        crm_private.convert_amount(
            (settle_position.price - trade.open_price) * trade.lots * instrument.contract_size
                * case trade.side when 'buy' then 1 else -1 end,
            instrument.quote_currency, account.currency, crm_private.today()),
        2);

    update crm.positions as positions
    set close_price = settle_position.price,
        closed_at = greatest(now(), positions.opened_at),
        realized_pnl = pnl,
        is_stop_out = settle_position.is_stop_out
    where positions.id = trade.id;

    if pnl <> 0 then
        perform crm_private.post_ledger(
            account.tenant_id,
            'realized_pnl',
            trade.id,
            pg_catalog.jsonb_build_array(
                pg_catalog.jsonb_build_object('account_id', account.id, 'currency', account.currency, 'amount', pnl),
                pg_catalog.jsonb_build_object('house_account', 'house_pnl', 'currency', account.currency, 'amount', -pnl)));
    end if;

    perform crm_private.accrue_ib_commission(trade.id);
    return pnl;
end
$$;
comment on function crm_private.settle_position(uuid, numeric, boolean) is 'Closes an open position at price: realized P&L = (price - open price) x lots x contract size (negated for a sell), converted from the quote currency to the account''s at today''s rate and rounded to cents, booked against house_pnl; then accrues the IB commission (crm_private.accrue_ib_commission). Raises PT409 when the position is already closed. Internal; the caller checked visibility and holds the account lock.';
