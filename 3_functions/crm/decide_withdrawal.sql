create function crm_api.decide_withdrawal(withdrawal_id uuid, approve boolean, reason text default null)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    withdrawal crm.withdrawals;
    account crm.accounts;
    state record;
    card_refundable numeric;
    card_refund numeric;
    decided crm.withdrawals;
begin
    perform core.check_text(decide_withdrawal.reason, 'a reason', 4000);
    if decide_withdrawal.approve is null then
        raise exception 'approve must be true or false' using errcode = '22023';
    end if;

    if not exists (
        select
        from crm_private.withdrawals as withdrawals
        where withdrawals.id = decide_withdrawal.withdrawal_id
    ) then
        raise exception 'withdrawal % not found', decide_withdrawal.withdrawal_id
            using errcode = 'PT404';
    end if;

    -- lock the account first (the order every money function uses), then the request
    perform
    from crm.accounts as accounts
    join crm.withdrawals as withdrawals on withdrawals.account_id = accounts.id
    where withdrawals.id = decide_withdrawal.withdrawal_id
    for update of accounts;

    select *
    into withdrawal
    from crm.withdrawals as withdrawals
    where withdrawals.id = decide_withdrawal.withdrawal_id
    for update;

    if withdrawal.requested_by = core.current_user_id() then
        raise exception 'the requester of withdrawal % may not decide it', withdrawal.id
            using errcode = '42501', detail = 'maker-checker: another finance user must decide';
    end if;
    if withdrawal.status <> 'requested' then
        raise exception 'withdrawal % is already %', withdrawal.id, withdrawal.status
            using errcode = 'PT409',
                  detail = pg_catalog.format('decided at %s', withdrawal.decided_at);
    end if;

    if decide_withdrawal.approve then
        -- checked again at the payout: the client's standing, AML, and that the
        -- reserved amount is still covered by the realized balance and the
        -- free margin (the reservation is already deducted from both)
        select * into account from crm.accounts as accounts where accounts.id = withdrawal.account_id;
        perform crm_private.require_client_in_good_standing(account.client_id, 'withdrawal');
        if crm_private.has_open_aml_case(account.client_id) then
            raise exception 'client % has an open AML case: withdrawal % is held until compliance clears it', account.client_id, withdrawal.id
                using errcode = 'P0001', hint = 'reject it, or wait for compliance';
        end if;
        select * into state from crm_private.account_state(account.id);
        if state.balance < 0 or state.free_margin < 0 then
            raise exception 'withdrawal % is no longer covered: balance % %, free margin % % after the reservation', withdrawal.id,
                            state.balance, account.currency, state.free_margin, account.currency
                using errcode = 'P0001', hint = 'reject it: the account''s losses since the request use the money';
        end if;

        -- cards first, up to what the account's cards paid in net of earlier card refunds
        select (select coalesce(pg_catalog.sum(deposits.amount), 0)
                from crm.deposits as deposits
                where deposits.account_id = withdrawal.account_id
                  and deposits.method = 'card')
             - (select coalesce(pg_catalog.sum(earlier.card_refund_amount), 0)
                from crm.withdrawals as earlier
                where earlier.account_id = withdrawal.account_id
                  and earlier.status = 'approved')
        into card_refundable;
        card_refund := greatest(least(withdrawal.amount, card_refundable), 0);

        update crm.withdrawals as withdrawals
        set status = 'approved',
            decided_by = core.current_user_id(),
            decided_at = greatest(now(), withdrawals.requested_at),
            reason = decide_withdrawal.reason,
            card_refund_amount = card_refund,
            wire_amount = withdrawal.amount - card_refund
        where withdrawals.id = withdrawal.id;

        perform crm_private.post_ledger(
            withdrawal.tenant_id,
            'withdrawal_payout',
            withdrawal.id,
            pg_catalog.jsonb_build_array(
                pg_catalog.jsonb_build_object('house_account', 'withdrawals_pending', 'currency', withdrawal.currency, 'amount', -withdrawal.amount),
                pg_catalog.jsonb_build_object('house_account', 'payouts_card', 'currency', withdrawal.currency, 'amount', card_refund),
                pg_catalog.jsonb_build_object('house_account', 'payouts_wire', 'currency', withdrawal.currency, 'amount', withdrawal.amount - card_refund)));
    else
        update crm.withdrawals as withdrawals
        set status = 'rejected',
            decided_by = core.current_user_id(),
            decided_at = greatest(now(), withdrawals.requested_at),
            reason = decide_withdrawal.reason
        where withdrawals.id = withdrawal.id;

        perform crm_private.post_ledger(
            withdrawal.tenant_id,
            'withdrawal_release',
            withdrawal.id,
            pg_catalog.jsonb_build_array(
                pg_catalog.jsonb_build_object('house_account', 'withdrawals_pending', 'currency', withdrawal.currency, 'amount', -withdrawal.amount),
                pg_catalog.jsonb_build_object('account_id', withdrawal.account_id, 'currency', withdrawal.currency, 'amount', withdrawal.amount)));
    end if;

    select * into decided from crm.withdrawals as withdrawals where withdrawals.id = withdrawal.id;
    perform core.enqueue('mailer.withdrawal_decided',
        crm_private.client_mail((select accounts.client_id from crm.accounts as accounts where accounts.id = decided.account_id), 'withdrawal_decided')
            || pg_catalog.jsonb_build_object(
                   'withdrawal_id', decided.id,
                   'account_id', decided.account_id,
                   'approved', decided.status = 'approved',
                   'amount', crm_private.money_text(decided.amount),
                   'currency', decided.currency,
                   'reason', coalesce(nullif(pg_catalog.btrim(decided.reason), ''),
                                      case decided.status when 'approved' then 'approved by finance' else 'rejected by finance' end)),
        tenant_id => decided.tenant_id);
    perform core.enqueue('pdfgen.withdrawal_receipt',
        crm_private.document_job(decided.tenant_id, 'withdrawal_receipt', 'crm.withdrawals', decided.id,
                                 'withdrawal-receipt-' || decided.id || '.pdf')
            || pg_catalog.jsonb_build_object(
                   'withdrawal_id', decided.id,
                   'client_name', (select clients.full_name
                                   from crm.accounts as accounts
                                   join crm.clients as clients on clients.id = accounts.client_id
                                   where accounts.id = decided.account_id),
                   'account_id', decided.account_id,
                   'approved', decided.status = 'approved',
                   'amount', crm_private.money_text(decided.amount),
                   'currency', decided.currency,
                   'card_amount', crm_private.money_text(decided.card_refund_amount),
                   'wire_amount', crm_private.money_text(decided.wire_amount),
                   'decided_at', decided.decided_at,
                   'reason', coalesce(nullif(pg_catalog.btrim(decided.reason), ''),
                                      case decided.status when 'approved' then 'approved by finance' else 'rejected by finance' end)),
        tenant_id => decided.tenant_id);
end
$$;
comment on function crm_api.decide_withdrawal(uuid, boolean, text) is 'Finance approves or rejects a requested withdrawal (maker-checker: never the requester, 42501). Approval pays the reserved amount out: to the account''s cards first, up to their deposits net of earlier card refunds (card_refund_amount), the rest by wire (wire_amount); rejection releases the reservation back to the account. Approval checks again that the client is in good standing (not closed, KYC valid), has no open AML case, and that the reserved amount is still covered by the balance and the free margin (P0001 otherwise). Queues mailer.withdrawal_decided and pdfgen.withdrawal_receipt with everything they render (docs/crm.md, Jobs). Raises PT404 for a withdrawal the caller cannot see, PT409 when already decided or the client is closed, 22023 for a null decision, P0001 as above. Security definer (search_path '''') because API roles have no privilege on the money tables; it checks visibility through crm_private.withdrawals.';
