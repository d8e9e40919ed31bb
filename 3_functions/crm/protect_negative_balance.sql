create function crm_private.protect_negative_balance(account_id uuid)
returns numeric
language plpgsql
volatile
set search_path = ''
as $$
declare
    account crm.accounts;
    balance numeric;
    reserved numeric;
    credit numeric;
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

    -- the client's own money still reserved for withdrawals waiting for
    -- finance covers the loss first: a rejection returns it to the account,
    -- and an approval is refused while the balance is negative. Crediting
    -- the whole negative balance would pay the client's loss from the house
    -- and then hand the reservation back (or pay it out) on top of it.
    balance := crm_private.account_balance(account.id);
    select coalesce(pg_catalog.sum(withdrawals.amount), 0)
    into reserved
    from crm.withdrawals as withdrawals
    where withdrawals.account_id = account.id
      and withdrawals.status = 'requested';
    credit := -(balance + reserved);
    if credit <= 0 then
        return 0;
    end if;

    perform crm_private.post_ledger(
        account.tenant_id,
        'negative_balance_credit',
        account.id,
        pg_catalog.jsonb_build_array(
            pg_catalog.jsonb_build_object('account_id', account.id, 'currency', account.currency, 'amount', credit),
            pg_catalog.jsonb_build_object('house_account', 'nbp_credit', 'currency', account.currency, 'amount', -credit)));
    return credit;
end
$$;
comment on function crm_private.protect_negative_balance(uuid) is 'Negative balance protection: when an account without open positions has a negative balance, books a broker credit from the house account nbp_credit (ledger kind negative_balance_credit), never from another client account, for the part of the loss that the account''s withdrawals waiting for finance (crm.withdrawals, status requested) do not cover: without such withdrawals the balance comes back to exactly zero; with them it stays negative by at most their sum, so that finance cannot approve them (the balance no longer covers them) and a rejection returns the reservation to cover the loss, leaving the balance at zero or above. Returns the credit (0 when none was needed). Internal; the caller holds the account lock.';
