create function crm_private.enforce_margin(account_id uuid)
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
    account crm.accounts;
    rules crm.margin_rules;
    state record;
    open_row record;
    closed_count int := 0;
begin
    select * into account from crm.accounts as accounts where accounts.id = enforce_margin.account_id;
    select *
    into rules
    from crm.margin_rules as margin_rules
    where margin_rules.tenant_id = account.tenant_id
       or margin_rules.tenant_id is null
    order by margin_rules.tenant_id nulls last
    limit 1;

    -- no margin in use (the account's last position closed meanwhile): the
    -- level is null, below neither limit, and nothing happens
    select * into state from crm_private.account_state(account.id);

    -- the exact level, never a rounded one: 49.9996 % is below 50 %
    if state.margin_level < rules.stop_out_level then
        for open_row in
            select positions.id, positions.symbol, positions.open_price
            from crm.positions as positions
            where positions.account_id = account.id
              and positions.closed_at is null
            order by positions.opened_at, positions.id
        loop
            perform crm_private.settle_position(
                open_row.id,
                coalesce(crm_private.latest_price(account.tenant_id, open_row.symbol), open_row.open_price),
                true);
            closed_count := closed_count + 1;
        end loop;
        perform crm_private.protect_negative_balance(account.id);
    elsif state.margin_level < rules.margin_call_level then
        perform core.enqueue(
            'mailer.margin_call',
            crm_private.client_mail(account.client_id, 'margin_call')
                || pg_catalog.jsonb_build_object(
                       'account_id', account.id,
                       'margin_level', pg_catalog.round(state.margin_level, 2)::text,
                       'currency', account.currency,
                       'equity', crm_private.money_text(state.equity),
                       'used_margin', crm_private.money_text(state.used_margin)),
            now(),
            'margin_call:' || account.id || ':' || crm_private.today(),
            account.tenant_id);
    end if;
    return closed_count;
end
$$;
comment on function crm_private.enforce_margin(uuid) is 'Judges one account''s exact margin level (equity / used margin, crm_private.account_state) against crm.margin_rules: below the stop-out level (50 %) every open position is closed at its mark (the open price without one) as a stop-out and a negative balance left is reset by negative balance protection; below the margin call level (100 %) a mailer.margin_call job is queued (one per account per day). Returns the number of positions closed. Internal; the caller holds the account lock. Called by crm_api.set_price for every account holding the symbol and by the fx_rates trigger for every account a new rate revalues.';
