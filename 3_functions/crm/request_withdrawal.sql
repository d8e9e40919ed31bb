create function crm_api.request_withdrawal(account_id uuid, amount numeric)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    account crm.accounts;
    state record;
    withdrawal_id uuid;
begin
    perform crm_private.require_amount(request_withdrawal.amount, 'withdrawal');

    -- only crm_client may execute this function, and a client sees only its
    -- own accounts: another's is PT404 here
    account := crm_private.lock_visible_account(request_withdrawal.account_id);

    perform crm_private.require_client_in_good_standing(account.client_id, 'withdrawal');
    -- the caller is the client: the refusal must not tip them off that an
    -- AML case is open (the staff see the case itself)
    if crm_private.has_open_aml_case(account.client_id) then
        raise exception 'withdrawals from this account are on hold'
            using errcode = 'P0001',
                  hint = 'contact the brokerage''s support';
    end if;

    -- never more than the realized balance (floating profit is not money yet)
    -- nor more than the free margin (the open positions need their margin)
    select * into state from crm_private.account_state(account.id);
    if request_withdrawal.amount > least(state.balance, state.free_margin) then
        raise exception 'withdrawal of % % exceeds what may be withdrawn: % %', request_withdrawal.amount, account.currency,
                        greatest(least(state.balance, state.free_margin), 0), account.currency
            using errcode = 'P0001',
                  detail = pg_catalog.format('balance %s, free margin %s: at most the lower of the two', state.balance, state.free_margin);
    end if;

    insert into crm.withdrawals (tenant_id, account_id, amount, currency, requested_by)
    values (account.tenant_id, account.id, request_withdrawal.amount, account.currency, core.current_user_id())
    returning withdrawals.id into withdrawal_id;

    perform crm_private.post_ledger(
        account.tenant_id,
        'withdrawal_reservation',
        withdrawal_id,
        pg_catalog.jsonb_build_array(
            pg_catalog.jsonb_build_object('account_id', account.id, 'currency', account.currency, 'amount', -request_withdrawal.amount),
            pg_catalog.jsonb_build_object('house_account', 'withdrawals_pending', 'currency', account.currency, 'amount', request_withdrawal.amount)));
    return withdrawal_id;
end
$$;
comment on function crm_api.request_withdrawal(uuid, numeric) is 'A client asks to withdraw from their own account: needs approved KYC with a valid identity document, no open AML case, and at most the lower of the realized balance and the free margin (unrealized profit is never withdrawable); the amount is reserved at once in the ledger (account to withdrawals_pending), so the free margin drops before finance decides. Raises 22023 for an amount that is not positive, finite and in cents, PT404 for an account the caller cannot see, 42501 when it is not the caller''s own, PT409 for a closed client, P0001 without KYC approval, with an expired identity document, with an open AML case, or beyond the balance or the free margin. Security definer (search_path '''') because API roles have no privilege on the money tables; it checks visibility through crm_private.accounts.';
