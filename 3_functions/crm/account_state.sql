create function crm_private.account_state(account_id uuid)
returns table (balance numeric, equity numeric, used_margin numeric, free_margin numeric, margin_level numeric)
language plpgsql
stable
set search_path = ''
as $$
declare
    account crm.accounts;
    unrealized numeric := 0;
    by_currency record;
begin
    select *
    into account
    from crm.accounts as accounts
    where accounts.id = account_state.account_id;
    if not found then
        raise exception 'account % not found', account_state.account_id
            using errcode = 'PT404';
    end if;

    balance := crm_private.account_balance(account.id);

    select coalesce(pg_catalog.sum(positions.margin), 0)
    into used_margin
    from crm.positions as positions
    where positions.account_id = account.id
      and positions.closed_at is null;

    -- unrealized P&L at the latest mark (the open price when there is none),
    -- summed per quote currency, then converted at today's rates
    for by_currency in
        select instruments.quote_currency,
               pg_catalog.sum(
                   (coalesce(crm_private.latest_price(account.tenant_id, positions.symbol), positions.open_price) - positions.open_price)
                   * positions.lots * instruments.contract_size
                   * case positions.side when 'buy' then 1 else -1 end) as pnl
        from crm.positions as positions
        join crm.instruments as instruments on instruments.symbol = positions.symbol
        where positions.account_id = account.id
          and positions.closed_at is null
        group by instruments.quote_currency
    loop
        unrealized := unrealized + crm_private.convert_amount(by_currency.pnl, by_currency.quote_currency, account.currency, crm_private.today());
    end loop;

    equity := balance + pg_catalog.round(unrealized, 2);
    free_margin := equity - used_margin;
    margin_level := case when used_margin > 0 then equity / used_margin * 100 end;
    return next;
end
$$;
comment on function crm_private.account_state(uuid) is 'The state of an account in its currency: balance (sum of ledger entries), equity (balance + unrealized P&L of open positions at the latest mark price, or the open price when there is none, converted at today''s rates, rounded to cents), used margin (sum of open positions'' margins), free margin (equity - used margin) and margin level (equity / used margin x 100, exact: not rounded, so that a stop-out at 50 % is judged on the true level; null without used margin). Raises PT404 for an unknown account. Internal: reads base tables, so callers check visibility first.';
