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

    account := crm_private.lock_visible_account(request_withdrawal.account_id);

    if not exists (
        select
        from crm.clients as clients
        where clients.id = account.client_id
          and clients.user_id = core.current_user_id()
    ) then
        raise exception 'only the account''s owner may request a withdrawal'
            using errcode = '42501';
    end if;

    if not crm_private.client_is_kyc_approved(account.client_id) then
        raise exception 'client % is not KYC approved', account.client_id
            using errcode = 'P0001',
                  hint = 'withdrawals need approved KYC';
    end if;

    select * into state from crm_private.account_state(account.id);
    if request_withdrawal.amount > state.free_margin then
        raise exception 'withdrawal of % % exceeds the free margin of % %', request_withdrawal.amount, account.currency, state.free_margin, account.currency
            using errcode = 'P0001';
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
comment on function crm_api.request_withdrawal(uuid, numeric) is 'A client asks to withdraw from their own account: needs approved KYC and at most the free margin; the amount is reserved at once in the ledger (account to withdrawals_pending), so the free margin drops before finance decides. Raises 22023 for a non-positive amount, PT404 for an account the caller cannot see, 42501 when it is not the caller''s own, P0001 without KYC approval or beyond the free margin. Security definer (search_path '''') because API roles have no privilege on the money tables; it checks visibility through crm_private.accounts.';
