create function crm_private.fx_rates_margin_check()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
    account_row record;
begin
    -- the rate valuations use today (the latest on or before today) revalues
    -- the open positions quoted in that currency, or held on an account in it;
    -- a correction of an older day or a rate of a future day changes no equity
    for account_row in
        select accounts.id
        from crm.accounts as accounts
        where exists (
                  select
                  from crm.positions as positions
                  join crm.instruments as instruments on instruments.symbol = positions.symbol
                  where positions.account_id = accounts.id
                    and positions.closed_at is null
                    and instruments.quote_currency <> accounts.currency
                    and exists (
                        select
                        from changed_rates
                        where changed_rates.currency in (instruments.quote_currency, accounts.currency)
                          and changed_rates.rate_on = (select pg_catalog.max(rates.rate_on)
                                                       from crm.fx_rates as rates
                                                       where rates.currency = changed_rates.currency
                                                         and rates.tenant_id is null
                                                         and rates.rate_on <= crm_private.today())))
        order by accounts.id
        for update
    loop
        perform crm_private.enforce_margin(account_row.id);
    end loop;
    return null;
end
$$;
comment on function crm_private.fx_rates_margin_check() is 'AFTER INSERT/UPDATE statement trigger on crm.fx_rates: a new or corrected rate that valuations use today (the latest on or before today) changes the equity of accounts whose open positions are quoted in another currency, so each such account is judged again (crm_private.enforce_margin: margin call, stop-out), as a price tick would. Security definer (search_path '''') because it must value and close accounts of every brokerage whoever loads the rates.';

create trigger fx_rates_margin_check_insert
after insert on crm.fx_rates
referencing new table as changed_rates
for each statement execute function crm_private.fx_rates_margin_check();

create trigger fx_rates_margin_check_update
after update on crm.fx_rates
referencing new table as changed_rates
for each statement execute function crm_private.fx_rates_margin_check();
