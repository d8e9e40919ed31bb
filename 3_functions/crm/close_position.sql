create function crm_api.close_position(position_id uuid, price numeric)
returns numeric
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    visible_account_id uuid;
    pnl numeric;
begin
    if close_position.price is null or close_position.price <= 0 then
        raise exception 'price must be positive, got %', coalesce(close_position.price::text, 'null')
            using errcode = '22023';
    end if;

    select positions.account_id
    into visible_account_id
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

    pnl := crm_private.settle_position(close_position.position_id, close_position.price, false);
    perform crm_private.protect_negative_balance(visible_account_id);
    return pnl;
end
$$;
comment on function crm_api.close_position(uuid, numeric) is 'Closes an open position at price (the client on their own account, or a manager of the desk) and returns the realized P&L in the account''s currency, booked to the ledger against house_pnl; accrues the IB commission; a negative balance left on an account without open positions is reset by a broker credit. Raises 22023 for a non-positive price, PT404 for a position the caller cannot see, PT409 when it is already closed. Security definer (search_path '''') because API roles have no privilege on the trading tables; it checks visibility through crm_private.positions.';
