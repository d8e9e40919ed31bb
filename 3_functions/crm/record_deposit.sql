create function crm_api.record_deposit(account_id uuid, amount numeric, method text, provider_ref text, card_last4 text default null)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    account crm.accounts;
    client_status text;
    deposit_id uuid;
begin
    -- a payment provider's reference is short; a longer one would overflow
    -- the unique index's row with 54000
    perform core.check_text(record_deposit.provider_ref, 'provider_ref', 255);
    perform core.check_text(record_deposit.card_last4, 'card_last4', 200);
    perform crm_private.require_amount(record_deposit.amount, 'deposit');
    if record_deposit.method is null or record_deposit.method not in ('card', 'wire') then
        raise exception 'deposit method must be card or wire, got %', coalesce(record_deposit.method, 'null')
            using errcode = '22023';
    end if;
    -- white space is the space, tabs, line breaks and the Unicode spaces
    -- (btrim strips only the space)
    if not core.has_text(record_deposit.provider_ref) then
        raise exception 'provider_ref is required' using errcode = '22023';
    end if;
    -- the reference is matched exactly (idempotency): the same one with white
    -- space around it would book the same payment a second time
    if record_deposit.provider_ref ~ '^[[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]|[[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]$' then
        raise exception 'provider_ref % has white space around it', pg_catalog.quote_literal(record_deposit.provider_ref)
            using errcode = '22023', hint = 'send the payment provider''s reference exactly, without surrounding white space';
    end if;
    -- nor with an invisible character anywhere in it (word joiner, soft
    -- hyphen, joiners, tag characters: the class of core.without_invisible):
    -- it shows as the same reference and would book the same payment again;
    -- a payment provider's reference never holds one
    if core.without_invisible(record_deposit.provider_ref) <> record_deposit.provider_ref then
        raise exception 'provider_ref % holds an invisible character', pg_catalog.quote_literal(record_deposit.provider_ref)
            using errcode = '22023', hint = 'send the payment provider''s reference exactly, without invisible characters';
    end if;
    if record_deposit.card_last4 is not null
       and (record_deposit.method <> 'card' or record_deposit.card_last4 !~ '^[0-9]{4}$') then
        raise exception 'card_last4 must be four digits of a card deposit, got %', record_deposit.card_last4
            using errcode = '22023', hint = 'never send the full card number';
    end if;

    account := crm_private.lock_visible_account(record_deposit.account_id);
    -- then the client's row, held to the end: deposits to two accounts of
    -- one client at once are summed together by the AML check (the second
    -- one's sum sees the first), and move the client's status once
    client_status := (crm_private.lock_client(account.client_id)).status;
    if client_status = 'closed' then
        raise exception 'client % is closed: no deposit', account.client_id
            using errcode = 'PT409', hint = 'return the money to the payer';
    end if;

    -- idempotency: a provider callback repeated is refused and moves no money
    -- (the unique constraint is the backstop for concurrent callbacks)
    if exists (
        select
        from crm.deposits as deposits
        where deposits.tenant_id = account.tenant_id
          and deposits.provider_ref = record_deposit.provider_ref
    ) then
        raise exception 'deposit with provider reference % already recorded', record_deposit.provider_ref
            using errcode = '23505',
                  detail = 'crm.deposits is idempotent on (tenant_id, provider_ref)';
    end if;

    insert into crm.deposits (tenant_id, account_id, amount, currency, method, provider_ref, card_last4, recorded_by)
    values (account.tenant_id, account.id, record_deposit.amount, account.currency, record_deposit.method,
            record_deposit.provider_ref, record_deposit.card_last4, core.current_user_id())
    returning deposits.id into deposit_id;

    perform crm_private.post_ledger(
        account.tenant_id,
        'deposit',
        deposit_id,
        pg_catalog.jsonb_build_array(
            pg_catalog.jsonb_build_object('house_account', 'psp_clearing', 'currency', account.currency, 'amount', -record_deposit.amount),
            pg_catalog.jsonb_build_object('account_id', account.id, 'currency', account.currency, 'amount', record_deposit.amount)));

    if client_status in ('approved', 'dormant') then
        perform crm_private.transition_client(account.client_id, 'funded',
            case client_status when 'approved' then 'first deposit' else 'deposit after dormancy' end);
    end if;

    perform crm_private.check_aml(account.client_id);
    perform core.enqueue('mailer.deposit_confirmed',
        crm_private.client_mail(account.client_id, 'deposit_confirmed')
            || pg_catalog.jsonb_build_object(
                   'deposit_id', deposit_id,
                   'account_id', account.id,
                   'amount', crm_private.money_text(record_deposit.amount),
                   'currency', account.currency,
                   'method', record_deposit.method),
        tenant_id => account.tenant_id);
    return deposit_id;
end
$$;
comment on function crm_api.record_deposit(uuid, numeric, text, text, text) is 'The payment provider''s callback (finance): records money received for an account in its currency and books it psp_clearing to the account; the first deposit moves an approved client to funded (a dormant one back to funded); runs the AML check (crm_private.check_aml) under the lock of the client''s row, so that deposits to several accounts of one client at once are summed together, and queues mailer.deposit_confirmed. card_last4 (optional, card deposits only) keeps the last four digits of the card. Idempotent on provider_ref: the same reference again raises 23505 and moves no money. Raises PT409 for an account of a closed client, 22023 for an amount that is not positive, finite and in cents, an unknown method, a blank reference (white space only), one with white space around it or an invisible character anywhere in it (word joiner, soft hyphen, tag characters…: core.without_invisible; either would bypass the idempotency) or one longer than 255 characters or a malformed card_last4, PT404 for an account the caller cannot see. Security definer (search_path '''') because API roles have no privilege on the money tables; it checks visibility through crm_private.accounts.';
