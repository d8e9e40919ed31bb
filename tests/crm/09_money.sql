-- Money: deposits (idempotent, validated, first deposit funds the client),
-- withdrawals (KYC, free margin, reservation, maker-checker, card refund
-- first), and the double-entry ledger's invariants.
begin;
select plan(88);
-- the price feed posts the seed's marks again: a fill needs a recent mark
select tests.crm_fresh_marks();

-- a freshly onboarded, KYC-approved client without money (through the API)
select tests.act_as('agent1@crm.demo');
select set_config('t.newbie', crm_api.register_lead('nina.neu@example.com', 'Nina Neu', 'DE')::text, true);
reset role;
select crm_private.grant_client_login(current_setting('t.newbie')::uuid, 'demo');
select tests.act_as('agent1@crm.demo');
select crm_api.submit_kyc_document(current_setting('t.newbie')::uuid, 'id_document', 'nina-passport.pdf', current_date + 1000);
select crm_api.submit_kyc_document(current_setting('t.newbie')::uuid, 'proof_of_address', 'nina-bill.pdf', null);
reset role;
select tests.act_as('compliance@crm.demo');
select crm_api.review_kyc(current_setting('t.newbie')::uuid, true);
reset role;
select tests.act_as('nina.neu@example.com');
select set_config('t.account', crm_api.open_account(current_setting('t.newbie')::uuid, 'EUR', 30)::text, true);
reset role;
select set_config('t.client1', (select clients.id::text from crm.clients as clients where clients.email = 'client1@crm.demo'), true);
select set_config('t.client1_account', (select accounts.id::text from crm.accounts as accounts
                                         where accounts.client_id = current_setting('t.client1')::uuid), true);
select set_config('t.finance_id', (select users.id::text from core.users as users where users.email = 'finance@crm.demo'), true);

-- deposits
select tests.act_as('finance@crm.demo');
select set_config('t.card', crm_api.record_deposit(current_setting('t.account')::uuid, 500, 'card', 'PSP-CARD-0001', '4242')::text, true);
select is((select card_last4 from crm_api.deposits where id = current_setting('t.card')::uuid), '4242',
          'a card deposit of 500 EUR is recorded with the card''s last four digits');
reset role;
select is((select status from crm.clients where id = current_setting('t.newbie')::uuid), 'funded',
          'the first deposit moves the client from approved to funded');
select is((select count(*) from core.jobs where kind = 'mailer.deposit_confirmed' and payload ->> 'deposit_id' = current_setting('t.card')),
          1::bigint, 'the deposit queues mailer.deposit_confirmed');
select tests.act_as('finance@crm.demo');
select lives_ok($$select crm_api.record_deposit(current_setting('t.account')::uuid, 2000, 'wire', 'PSP-WIRE-0001')$$,
                'the fixed four-argument call records a 2,000 EUR wire');
select lives_ok($$set constraints all immediate$$,
                'the deferred ledger check passes at commit time under the request''s role (finance), as PostgREST commits');
set constraints all deferred;
select is((select balance from crm_api.account_summary(current_setting('t.account')::uuid)), 2500::numeric,
          'the balance is the sum of both deposits');
select throws_ok($$select crm_api.record_deposit(current_setting('t.account')::uuid, 2000, 'wire', 'PSP-WIRE-0001')$$,
                 '23505', 'deposit with provider reference PSP-WIRE-0001 already recorded',
                 'the same provider reference again is a duplicate (23505), said plainly (the unique constraint is only the backstop)');
select results_eq(
    $$select (select balance from crm_api.account_summary(current_setting('t.account')::uuid)),
             (select count(*) from crm_api.deposits where account_id = current_setting('t.account')::uuid)$$,
    $$values (2500::numeric, 2::bigint)$$,
    'the repeated callback moved no money and recorded no deposit');
select throws_ok($$select crm_api.record_deposit(current_setting('t.account')::uuid, 100, 'cash', 'PSP-X-1')$$,
                 '22023', null, 'a method other than card or wire is 22023');
select throws_ok($$select crm_api.record_deposit(current_setting('t.account')::uuid, 0, 'wire', 'PSP-X-2')$$,
                 '22023', null, 'a zero amount is 22023');
select throws_ok($$select crm_api.record_deposit(current_setting('t.account')::uuid, -5, 'wire', 'PSP-X-3')$$,
                 '22023', null, 'a negative amount is 22023');
select throws_ok($$select crm_api.record_deposit(current_setting('t.account')::uuid, 100, 'card', 'PSP-X-4', '4111111111111111')$$,
                 '22023', null, 'a full card number is refused (22023): only the last four digits are kept');
select crm_api.record_deposit(current_setting('t.client1_account')::uuid, 16000, 'wire', 'PSP-AML-0001');
reset role;
select is((select count(*) from crm.aml_cases where client_id = current_setting('t.client1')::uuid and status = 'open'), 1::bigint,
          'a deposit taking the 7-day total over 15,000 EUR opens an AML case');

select tests.act_as('agent1@crm.demo');
select throws_ok($$select crm_api.record_deposit(current_setting('t.account')::uuid, 100, 'wire', 'PSP-X-5')$$,
                 '42501', null, 'an agent may not record deposits (42501)');
reset role;
select tests.act_as('nina.neu@example.com');
select throws_ok($$select crm_api.record_deposit(current_setting('t.account')::uuid, 100, 'wire', 'PSP-X-6')$$,
                 '42501', null, 'a client may not record deposits (42501)');
reset role;
select tests.act_as('finance@other-crm.demo');
select throws_ok($$select crm_api.record_deposit(current_setting('t.account')::uuid, 100, 'wire', 'PSP-X-7')$$,
                 'PT404', null, 'the other brokerage''s finance does not find the account (PT404)');

-- withdrawals
reset role;
select tests.act_as('nina.neu@example.com');
select throws_ok($$select crm_api.request_withdrawal(current_setting('t.account')::uuid, 0)$$,
                 '22023', null, 'a zero withdrawal is 22023');
select throws_ok($$select crm_api.request_withdrawal(current_setting('t.account')::uuid, 2500.01)$$,
                 'P0001', null, 'more than the free margin is P0001');
select throws_ok($$select crm_api.request_withdrawal(current_setting('t.client1_account')::uuid, 10)$$,
                 'PT404', null, 'a client cannot withdraw from another client''s account (PT404)');
select set_config('t.w1', crm_api.request_withdrawal(current_setting('t.account')::uuid, 1200)::text, true);
select results_eq(
    $$select balance, free_margin from crm_api.account_summary(current_setting('t.account')::uuid)$$,
    $$values (1300::numeric, 1300::numeric)$$,
    'the requested 1,200 are reserved at once: balance and free margin drop to 1,300');
select is((select status from crm_api.withdrawals where id = current_setting('t.w1')::uuid), 'requested',
          'the client sees the request as requested');
reset role;
select tests.act_as('finance@crm.demo');
select throws_ok($$select crm_api.request_withdrawal(current_setting('t.account')::uuid, 10)$$,
                 '42501', null, 'finance may not request withdrawals (42501)');
reset role;
update crm.clients set status = 'registered' where id = current_setting('t.newbie')::uuid;
select tests.act_as('nina.neu@example.com');
select throws_ok($$select crm_api.request_withdrawal(current_setting('t.account')::uuid, 10)$$,
                 'P0001', null, 'no withdrawal without approved KYC (P0001)');
reset role;
update crm.clients set status = 'funded' where id = current_setting('t.newbie')::uuid;

-- decisions
select tests.act_as('finance@crm.demo');
select crm_api.decide_withdrawal(current_setting('t.w1')::uuid, true);
select results_eq(
    $$select status, card_refund_amount, wire_amount from crm_api.withdrawals where id = current_setting('t.w1')::uuid$$,
    $$values ('approved'::text, 500::numeric, 700::numeric)$$,
    'after a 500 card and a 2,000 wire deposit, a 1,200 withdrawal refunds 500 to the card and wires 700');
select throws_ok($$select crm_api.decide_withdrawal(current_setting('t.w1')::uuid, false)$$,
                 'PT409', null, 'deciding a withdrawal twice is PT409');
reset role;
select is((select count(*) from core.jobs where kind in ('mailer.withdrawal_decided', 'pdfgen.withdrawal_receipt')
                                           and payload ->> 'withdrawal_id' = current_setting('t.w1')),
          2::bigint, 'the decision queues the e-mail and the PDF receipt');
select tests.act_as('nina.neu@example.com');
select set_config('t.w2', crm_api.request_withdrawal(current_setting('t.account')::uuid, 300)::text, true);
select set_config('t.w3', crm_api.request_withdrawal(current_setting('t.account')::uuid, 100)::text, true);
reset role;
select tests.act_as('finance@crm.demo');
select crm_api.decide_withdrawal(current_setting('t.w2')::uuid, true);
select results_eq(
    $$select card_refund_amount, wire_amount from crm_api.withdrawals where id = current_setting('t.w2')::uuid$$,
    $$values (0::numeric, 300::numeric)$$,
    'the card was refunded in full already: the next withdrawal goes by wire only');
select crm_api.decide_withdrawal(current_setting('t.w3')::uuid, false, 'beneficiary name mismatch');
select is((select balance from crm_api.account_summary(current_setting('t.account')::uuid)), 1000::numeric,
          'a rejected withdrawal releases its reservation back to the account');

-- maker-checker: a withdrawal requested by a finance user (only possible by hand)
reset role;
insert into crm.withdrawals (id, tenant_id, account_id, amount, currency, requested_by)
select 'aaaaaaaa-0000-4000-8000-000000000009', accounts.tenant_id, accounts.id, 10, 'EUR', current_setting('t.finance_id')::uuid
from crm.accounts as accounts where accounts.id = current_setting('t.account')::uuid;
select tests.act_as('finance@crm.demo');
select throws_ok($$select crm_api.decide_withdrawal('aaaaaaaa-0000-4000-8000-000000000009', true)$$,
                 '42501', null, 'the requester may never decide their own withdrawal (42501)');
reset role;
select tests.act_as('agent1@crm.demo');
select throws_ok($$select crm_api.decide_withdrawal(current_setting('t.w3')::uuid, true)$$,
                 '42501', null, 'an agent may not decide withdrawals (42501)');
reset role;
select tests.act_as('finance@other-crm.demo');
select throws_ok($$select crm_api.decide_withdrawal(current_setting('t.w3')::uuid, true)$$,
                 'PT404', null, 'the other brokerage''s finance does not find the withdrawal (PT404)');
reset role;

-- floating profit is not money: a withdrawal is capped by the realized
-- balance and by the free margin, the lower of the two, checked again at
-- the payout. Nina (balance 1,000 EUR) buys 0.1 lot of EURUSD at the mark.
select tests.act_as('nina.neu@example.com');
select set_config('t.nina_position', crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 0.1, 1.08)::text, true);
reset role;
select tests.act_as('feed@crm.demo');
select crm_api.set_price('EURUSD', 1.20);
reset role;
select tests.act_as('nina.neu@example.com');
select ok((select free_margin > balance + 500 from crm_api.account_summary(current_setting('t.account')::uuid)),
          'at 1.20 the floating profit lifts the free margin far above the 1,000 EUR balance');
select throws_ok($$select crm_api.request_withdrawal(current_setting('t.account')::uuid, 1000.01)$$,
                 'P0001', null, 'a withdrawal above the realized balance is refused although the free margin covers it (P0001)');
select set_config('t.w4', crm_api.request_withdrawal(current_setting('t.account')::uuid, 600)::text, true);
select is((select status from crm_api.withdrawals where id = current_setting('t.w4')::uuid), 'requested',
          'positive control: 600 EUR, within both, is requested');
reset role;
-- the market turns: equity below the used margin (a margin call, not yet a stop-out)
select tests.act_as('feed@crm.demo');
select crm_api.set_price('EURUSD', 1.064);
reset role;
select tests.act_as('finance@crm.demo');
select ok((select free_margin < 0 and margin_level > 50 from crm_api.account_summary(current_setting('t.account')::uuid)),
          'at 1.064 the free margin is negative, the position still open');
select throws_ok($$select crm_api.decide_withdrawal(current_setting('t.w4')::uuid, true)$$,
                 'P0001', null, 'finance may not pay out a withdrawal the free margin no longer covers (P0001)');
reset role;
select tests.act_as('feed@crm.demo');
select crm_api.set_price('EURUSD', 1.08);
reset role;
select tests.act_as('finance@crm.demo');
select lives_ok($$select crm_api.decide_withdrawal(current_setting('t.w4')::uuid, true)$$,
                'back at 1.08 the reservation is covered again and finance approves it');
reset role;

-- malformed amounts are 22023 and move nothing
select tests.act_as('finance@crm.demo');
select throws_ok($$select crm_api.record_deposit(current_setting('t.account')::uuid, 'NaN', 'wire', 'PSP-NAN-1')$$,
                 '22023', null, 'a NaN deposit is 22023');
select throws_ok($$select crm_api.record_deposit(current_setting('t.account')::uuid, 'Infinity', 'wire', 'PSP-INF-1')$$,
                 '22023', null, 'an infinite deposit is 22023');
select throws_ok($$select crm_api.record_deposit(current_setting('t.account')::uuid, null, 'wire', 'PSP-NULL-1')$$,
                 '22023', null, 'a deposit without an amount is 22023');
select throws_ok($$select crm_api.record_deposit(current_setting('t.account')::uuid, 1e100000, 'wire', 'PSP-HUGE-1')$$,
                 '22023', null, 'a deposit of 1e100000 is 22023');
select throws_ok($$select crm_api.record_deposit(current_setting('t.account')::uuid, 1000000000000.01, 'wire', 'PSP-HUGE-2')$$,
                 '22023', null, 'a deposit a cent over a trillion is 22023');
reset role;
select tests.act_as('nina.neu@example.com');
select throws_ok($$select crm_api.request_withdrawal(current_setting('t.account')::uuid, 'NaN')$$,
                 '22023', null, 'a NaN withdrawal is 22023');
select throws_ok($$select crm_api.request_withdrawal(current_setting('t.account')::uuid, 'Infinity')$$,
                 '22023', null, 'an infinite withdrawal is 22023');
select throws_ok($$select crm_api.request_withdrawal(current_setting('t.account')::uuid, 1000000000000.01)$$,
                 '22023', null, 'a withdrawal a cent over a trillion is 22023');
reset role;
select is((select count(*) from crm.deposits where provider_ref in ('PSP-NAN-1', 'PSP-INF-1', 'PSP-NULL-1', 'PSP-HUGE-1', 'PSP-HUGE-2')), 0::bigint,
          'no malformed deposit was recorded');
select lives_ok($$select crm_private.require_amount(1000000000000, 'deposit')$$, 'exactly a trillion is still an amount');

-- the remaining guards of the money functions
select tests.act_as('finance@crm.demo');
select throws_ok($$select crm_api.decide_withdrawal(current_setting('t.w2')::uuid, null)$$,
                 '22023', null, 'a null decision is 22023');
select throws_ok($$select crm_api.record_deposit(current_setting('t.account')::uuid, 100, 'wire', '   ')$$,
                 '22023', null, 'a blank provider reference is 22023');
select throws_ok($$select crm_api.record_deposit(current_setting('t.account')::uuid, 100, 'wire', E'\t\n' || U&'\00A0')$$,
                 '22023', null, 'a provider reference of tabs, line breaks and no-break spaces is blank too (22023)');
select throws_ok($$select crm_api.record_deposit(current_setting('t.account')::uuid, 100, 'wire', '')$$,
                 '22023', 'provider_ref is required', 'an empty provider reference is 22023');
select throws_ok($$select crm_api.record_deposit(current_setting('t.account')::uuid, 100, 'wire', null)$$,
                 '22023', 'provider_ref is required', 'a null provider reference is 22023');
select lives_ok($$select crm_api.record_deposit(current_setting('t.account')::uuid, 2, 'wire', 'PSP-IDEM-1')$$,
                'positive control: a provider reference is recorded');
select throws_ok($$select crm_api.record_deposit(current_setting('t.account')::uuid, 2, 'wire', E'PSP-IDEM-1\n')$$,
                 '22023', null, 'the same reference with a line break after it is 22023, not a second deposit');
select throws_ok($$select crm_api.record_deposit(current_setting('t.account')::uuid, 2, 'wire', ' PSP-IDEM-1')$$,
                 '22023', null, 'the same reference with a space before it is 22023, not a second deposit');
-- an invisible character anywhere shows as the same reference: 22023 too
select throws_ok($$select crm_api.record_deposit(current_setting('t.account')::uuid, 2, 'wire', 'PSP-IDEM-1' || U&'\2060')$$,
                 '22023', null, 'the same reference with a word joiner after it is 22023, not a second deposit');
select throws_ok($$select crm_api.record_deposit(current_setting('t.account')::uuid, 2, 'wire', 'PSP-' || U&'\00AD' || 'IDEM-1')$$,
                 '22023', null, 'the same reference with a soft hyphen in it is 22023, not a second deposit');
select throws_ok($$select crm_api.record_deposit(current_setting('t.account')::uuid, 2, 'wire', U&'\+0E0020' || 'PSP-IDEM-1')$$,
                 '22023', null, 'the same reference with a tag character before it is 22023, not a second deposit');
select is((select count(*) from crm_api.deposits where provider_ref like '%PSP-%IDEM-1%' or pg_catalog.btrim(provider_ref, E' \t\n') = ''), 1::bigint,
          'the payment is booked once, and no blank reference was recorded');
select throws_ok($$select crm_api.record_deposit(current_setting('t.account')::uuid, 100.001, 'wire', 'PSP-DEC-1')$$,
                 '22023', null, 'an amount with more than two decimals is 22023');
-- a provider reference is at most 255 characters: a longer one is 22023,
-- never the unique index's 54000 (index row too large), and records nothing
select lives_ok($$select crm_api.record_deposit(current_setting('t.account')::uuid, 1, 'wire', repeat('R', 255))$$,
                'a provider reference of 255 characters is accepted');
select throws_ok($$select crm_api.record_deposit(current_setting('t.account')::uuid, 1, 'wire', repeat('S', 256))$$,
                 '22023', 'provider_ref of 256 characters is too long (at most 255)', 'a provider reference of 256 characters is 22023');
select throws_ok($$select crm_api.record_deposit(current_setting('t.account')::uuid, 1, 'wire', (select string_agg(md5(n::text), '') from generate_series(1, 200) as n))$$,
                 '22023', 'provider_ref of 6400 characters is too long (at most 255)',
                 'a provider reference of 6,400 characters is 22023, not an index error (54000)');
select is((select count(*) from crm_api.deposits where account_id = current_setting('t.account')::uuid and amount = 1), 1::bigint,
          'the refused references recorded no deposit (only the 255-character one)');
reset role;

-- the ledger: append-only, balanced, and the balances are its sums
select throws_ok($$update crm.ledger_entries set amount = amount + 1 where account_id = current_setting('t.account')::uuid$$,
                 '42501', null, 'ledger entries cannot be updated, not even by the owner (42501)');
select throws_ok($$delete from crm.ledger_transactions where ref_id = current_setting('t.card')::uuid$$,
                 '42501', null, 'ledger transactions cannot be deleted (42501)');
select throws_ok($t$
    do $do$
    declare
        tx uuid;
    begin
        insert into crm.ledger_transactions (tenant_id, kind) select tenant_id, 'adjustment' from crm.accounts where id = current_setting('t.account')::uuid returning id into tx;
        insert into crm.ledger_entries (tenant_id, transaction_id, account_id, currency, amount)
        select tenant_id, tx, id, 'EUR', 1000000 from crm.accounts where id = current_setting('t.account')::uuid;
        set constraints all immediate;
    end
    $do$$t$,
    '23514', null, 'a transaction whose entries do not sum to zero is refused at commit (23514)');
select lives_ok($t$
    do $do$
    declare
        tx uuid;
    begin
        insert into crm.ledger_transactions (tenant_id, kind) select tenant_id, 'adjustment' from crm.accounts where id = current_setting('t.account')::uuid returning id into tx;
        insert into crm.ledger_entries (tenant_id, transaction_id, account_id, house_account, currency, amount)
        select tenant_id, tx, id, null, 'EUR', 5 from crm.accounts where id = current_setting('t.account')::uuid
        union all
        select tenant_id, tx, null, 'adjustments', 'EUR', -5 from crm.accounts where id = current_setting('t.account')::uuid;
        set constraints all immediate;
    end
    $do$$t$,
    'positive control: a balanced transaction passes the same check');
select throws_ok($t$
    do $do$
    begin
        insert into crm.ledger_transactions (tenant_id, kind) select tenant_id, 'adjustment' from crm.accounts where id = current_setting('t.account')::uuid;
        set constraints all immediate;
    end
    $do$$t$,
    '23514', null, 'a ledger transaction without entries is refused at commit (23514)');
select throws_ok($t$
    do $do$
    declare
        tx uuid;
    begin
        set constraints all deferred;  -- the checks above left them immediate
        insert into crm.ledger_transactions (tenant_id, kind) select tenant_id, 'adjustment' from crm.accounts where id = current_setting('t.account')::uuid returning id into tx;
        insert into crm.ledger_entries (tenant_id, transaction_id, account_id, house_account, currency, amount)
        select tenant_id, tx, id, null, 'USD', 5 from crm.accounts where id = current_setting('t.account')::uuid
        union all
        select tenant_id, tx, null, 'adjustments', 'USD', -5 from crm.accounts where id = current_setting('t.account')::uuid;
        set constraints all immediate;
    end
    $do$$t$,
    '23514', null, 'a balanced transaction booking a EUR account in USD is refused at commit (23514)');
select throws_matching($t$
    do $do$
    declare
        tx uuid;
    begin
        set constraints all deferred;
        insert into crm.ledger_transactions (tenant_id, kind) select tenant_id, 'adjustment' from crm.accounts where id = current_setting('t.account')::uuid returning id into tx;
        insert into crm.ledger_entries (tenant_id, transaction_id, account_id, house_account, currency, amount)
        select tenant_id, tx, id, null, 'USD', 5 from crm.accounts where id = current_setting('t.account')::uuid
        union all
        select tenant_id, tx, null, 'adjustments', 'USD', -5 from crm.accounts where id = current_setting('t.account')::uuid;
        set constraints all immediate;
    end
    $do$$t$,
    'books an account in a currency other than the account''s', 'and the refusal says why');
select is(
    (select count(*)
     from crm.accounts as accounts
     where crm_private.account_balance(accounts.id) <>
           (select coalesce(sum(deposits.amount), 0) from crm.deposits as deposits where deposits.account_id = accounts.id)
         - (select coalesce(sum(withdrawals.amount), 0) from crm.withdrawals as withdrawals
            where withdrawals.account_id = accounts.id and withdrawals.status <> 'rejected'
              and exists (select from crm.ledger_transactions as t where t.ref_id = withdrawals.id))
         + (select coalesce(sum(positions.realized_pnl), 0) from crm.positions as positions where positions.account_id = accounts.id)
         + (select coalesce(sum(entries.amount), 0) from crm.ledger_entries as entries
            join crm.ledger_transactions as transactions on transactions.id = entries.transaction_id
            where entries.account_id = accounts.id and transactions.kind in ('negative_balance_credit', 'adjustment'))),
    0::bigint,
    'every account''s balance (sum of its entries) equals deposits - withdrawals + realized P&L + broker credits');
select is(
    (select count(*) from (select entries.transaction_id from crm.ledger_entries as entries
                           group by entries.transaction_id, entries.currency having sum(entries.amount) <> 0) as unbalanced),
    0::bigint, 'every ledger transaction sums to zero in each currency');
select ok((select count(*) from crm.ledger_transactions) > 500, 'positive control: the seed booked hundreds of transactions');


-- exactly what may be withdrawn is accepted and paid out. With the mark back
-- at Nina's opening price her free margin is below her balance: she asks for
-- all of it, which leaves a free margin of exactly zero at the payout; then,
-- her position closed flat, for all of her balance, which leaves both zero.
set constraints all deferred;  -- the ledger checks above left them immediate
select tests.act_as('feed@crm.demo');
select crm_api.set_price('EURUSD', 1.08);
reset role;
select set_config('t.free', (select free_margin::text from crm_private.account_state(current_setting('t.account')::uuid)), true);
select tests.act_as('nina.neu@example.com');
select ok(current_setting('t.free')::numeric > 0
          and current_setting('t.free')::numeric < (select balance from crm_api.account_summary(current_setting('t.account')::uuid)),
          'at her opening price Nina''s free margin is positive and below her balance');
select lives_ok($$select set_config('t.w5', crm_api.request_withdrawal(current_setting('t.account')::uuid, current_setting('t.free')::numeric)::text, true)$$,
                'a withdrawal of exactly the free margin is accepted');
select tests.act_as('finance@crm.demo');
select lives_ok($$select crm_api.decide_withdrawal(current_setting('t.w5')::uuid, true)$$,
                'and paid out, leaving a free margin of exactly zero');
select tests.act_as('nina.neu@example.com');
select crm_api.close_position(current_setting('t.nina_position')::uuid, 1.08);
select set_config('t.balance', (select balance::text from crm_api.account_summary(current_setting('t.account')::uuid)), true);
select lives_ok($$select set_config('t.w6', crm_api.request_withdrawal(current_setting('t.account')::uuid, current_setting('t.balance')::numeric)::text, true)$$,
                'with no position open, a withdrawal of exactly the balance is accepted');
select tests.act_as('finance@crm.demo');
select lives_ok($$select crm_api.decide_withdrawal(current_setting('t.w6')::uuid, true)$$,
                'and paid out, leaving a balance of exactly zero');
reset role;
select is((select balance from crm_private.account_state(current_setting('t.account')::uuid)), 0::numeric, 'Nina''s balance is zero');
delete from crm.withdrawals where id = 'aaaaaaaa-0000-4000-8000-000000000009';  -- the hand-made request above reserved nothing
select is(crm_private.protect_negative_balance(current_setting('t.account')::uuid), 0::numeric,
    'a balance of exactly zero, nothing reserved, needs no protection');
select is((select count(*) from crm.ledger_transactions where kind = 'negative_balance_credit' and ref_id = current_setting('t.account')::uuid),
    0::bigint, 'and none is booked');

-- negative balance protection and a withdrawal waiting for finance: the
-- reserved money is still the client's and covers a loss first. Nina has
-- 2,000 EUR, asks for 1,000 and buys 0.2 lots of EURUSD; a 15 % gap
-- (about 3,000 EUR of loss) stops her out. The house credits only what the
-- reservation does not cover, finance cannot pay the reservation out, and
-- a rejection leaves her at zero.
select tests.act_as('finance@crm.demo');
select crm_api.record_deposit(current_setting('t.account')::uuid, 2000, 'wire', 'PSP-NBP-0001');
select tests.act_as('nina.neu@example.com');
select set_config('t.w7', crm_api.request_withdrawal(current_setting('t.account')::uuid, 1000)::text, true);
select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 0.2, 1.08);
select tests.act_as('head@crm.demo');
select crm_api.set_price('EURUSD', 0.918);
reset role;
select is((select count(*) from crm.positions where account_id = current_setting('t.account')::uuid and closed_at is null), 0::bigint,
          'the gap stopped Nina out');
select is((select balance from crm_private.account_state(current_setting('t.account')::uuid)), -1000::numeric,
          'the house credits only the loss beyond the 1,000 EUR still reserved: the balance stays at minus the reservation');
select tests.act_as('finance@crm.demo');
select throws_ok($$select crm_api.decide_withdrawal(current_setting('t.w7')::uuid, true)$$, 'P0001', null,
                 'the reservation that covers the loss is not paid out (P0001)');
select lives_ok($$select crm_api.decide_withdrawal(current_setting('t.w7')::uuid, false)$$, 'finance rejects it');
reset role;
select is((select balance from crm_private.account_state(current_setting('t.account')::uuid)), 0::numeric,
          'the released reservation covers the rest of the loss: the balance is exactly zero');
select is((select -sum(entries.amount) from crm.ledger_entries as entries
           join crm.ledger_transactions as transactions on transactions.id = entries.transaction_id
           where transactions.kind = 'negative_balance_credit' and transactions.ref_id = current_setting('t.account')::uuid
             and entries.house_account = 'nbp_credit'),
          (select -sum(realized_pnl) - 2000 from crm.positions
           where account_id = current_setting('t.account')::uuid and is_stop_out),
          'the house paid exactly the loss beyond the 2,000 EUR deposited, the reserved 1,000 included');

select * from finish();
rollback;
