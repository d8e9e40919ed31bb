create function crm_api.account_summary(account_id uuid)
returns table (balance numeric, equity numeric, used_margin numeric, free_margin numeric, margin_level numeric)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
    if not exists (
        select
        from crm_private.accounts as accounts
        where accounts.id = account_summary.account_id
    ) then
        raise exception 'account % not found', account_summary.account_id
            using errcode = 'PT404';
    end if;
    return query
    select state.balance, state.equity, state.used_margin, state.free_margin, pg_catalog.round(state.margin_level, 2)
    from crm_private.account_state(account_summary.account_id) as state;
end
$$;
comment on function crm_api.account_summary(uuid) is 'Balance (sum of ledger entries), equity (with unrealized P&L at the latest mark price, or the open price when none), used margin, free margin and margin level (equity / used margin x 100, rounded to 2 decimals for display only, null without used margin) of an account, in its currency, for whoever may see the account. Raises PT404 otherwise. Read-only (stable). Security definer (search_path '''') because it reads the ledger and positions, which no API role may read directly; it checks visibility through crm_private.accounts.';
