create function crm_private.protect_negative_balance(account_id uuid)
returns numeric
language plpgsql
volatile
set search_path = ''
as $$
declare
    account crm.accounts;
    balance numeric;
begin
    select *
    into account
    from crm.accounts as accounts
    where accounts.id = protect_negative_balance.account_id;

    if exists (
        select
        from crm.positions as positions
        where positions.account_id = account.id
          and positions.closed_at is null
    ) then
        return 0;
    end if;

    balance := crm_private.account_balance(account.id);
    if balance >= 0 then
        return 0;
    end if;

    perform crm_private.post_ledger(
        account.tenant_id,
        'negative_balance_credit',
        account.id,
        pg_catalog.jsonb_build_array(
            pg_catalog.jsonb_build_object('account_id', account.id, 'currency', account.currency, 'amount', -balance),
            pg_catalog.jsonb_build_object('house_account', 'nbp_credit', 'currency', account.currency, 'amount', balance)));
    return -balance;
end
$$;
comment on function crm_private.protect_negative_balance(uuid) is 'Negative balance protection: when an account without open positions has a negative balance, books a broker credit from the house account nbp_credit that brings it back to exactly zero (ledger kind negative_balance_credit), never from another client account. Returns the credit (0 when none was needed). Internal; the caller holds the account lock.';
