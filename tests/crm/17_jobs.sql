-- Job payloads carry everything the worker renders (docs/jobs.md): the
-- envelope (app, template, to, to_name, tenant_name; pdfgen also
-- subject_table, subject_id, file_name) and each kind's fields, amounts as
-- exact decimal strings.
begin;
select plan(17);
-- the price feed posts the seed's marks again: a fill needs a recent mark
select tests.crm_fresh_marks();

select set_config('t.client1', (select clients.id::text from crm.clients as clients where clients.email = 'client1@crm.demo'), true);
select set_config('t.account', (select accounts.id::text from crm.accounts as accounts
                                 where accounts.client_id = current_setting('t.client1')::uuid), true);
select set_config('t.demo', (select tenants.id::text from core.tenants as tenants where tenants.name = 'Demo Brokerage'), true);
select set_config('t.first_job', coalesce((select max(id) from core.jobs), 0)::text, true);

-- mailer.welcome
select tests.act_as_anon();
select set_config('request.headers', json_build_object('x-brokerage', current_setting('t.demo'))::text, true);
select set_config('t.lead', crm_api.register_lead('wendy.welcome@example.org', 'Wendy Welcome', 'NL')::text, true);
reset role;
select is((select payload from core.jobs where kind = 'mailer.welcome' and payload ->> 'client_id' = current_setting('t.lead')),
          jsonb_build_object('app', 'crm', 'template', 'welcome', 'to', 'wendy.welcome@example.org', 'to_name', 'Wendy Welcome',
                             'tenant_name', 'Demo Brokerage', 'client_id', current_setting('t.lead')),
          'mailer.welcome: the lead''s address and name, the brokerage');
select is((select tenant_id::text from core.jobs where kind = 'mailer.welcome' and payload ->> 'client_id' = current_setting('t.lead')),
          current_setting('t.demo'), 'the anonymous registration''s job belongs to the brokerage');

-- mailer.kyc_decision
select crm_private.grant_client_login(current_setting('t.lead')::uuid, 'demo');
select tests.act_as('wendy.welcome@example.org');
select crm_api.submit_kyc_document(current_setting('t.lead')::uuid, 'id_document', 'w-id.pdf', current_date + 1000);
select crm_api.submit_kyc_document(current_setting('t.lead')::uuid, 'proof_of_address', 'w-poa.pdf', null);
reset role;
select tests.act_as('compliance@crm.demo');
select crm_api.review_kyc(current_setting('t.lead')::uuid, false, 'the scan is blurred');
reset role;
select results_eq(
    $$select payload ->> 'to', payload ->> 'to_name', payload ->> 'template', (payload -> 'approved')::text, payload ->> 'reason', payload ->> 'client_id'
      from core.jobs where kind = 'mailer.kyc_decision' and payload ->> 'client_id' = current_setting('t.lead')$$,
    $$values ('wendy.welcome@example.org'::text, 'Wendy Welcome'::text, 'kyc_decision'::text, 'false'::text, 'the scan is blurred'::text, current_setting('t.lead'))$$,
    'mailer.kyc_decision: the decision (a JSON boolean) and its reason, to the client');

-- mailer.deposit_confirmed
select tests.act_as('finance@crm.demo');
select set_config('t.deposit', crm_api.record_deposit(current_setting('t.account')::uuid, 1234.5, 'card', 'JOBS-DEP-1', '4242')::text, true);
reset role;
select is((select payload - 'deposit_id' - 'client_id' from core.jobs where kind = 'mailer.deposit_confirmed' and payload ->> 'deposit_id' = current_setting('t.deposit')),
          jsonb_build_object('app', 'crm', 'template', 'deposit_confirmed', 'to', 'client1@crm.demo', 'to_name', 'Clara Schmidt',
                             'tenant_name', 'Demo Brokerage', 'account_id', current_setting('t.account'),
                             'amount', '1234.50', 'currency', 'EUR', 'method', 'card'),
          'mailer.deposit_confirmed carries the amount as "1234.50", the currency, the method and the client''s e-mail');

-- mailer.withdrawal_decided and pdfgen.withdrawal_receipt
select tests.act_as('client1@crm.demo');
select set_config('t.withdrawal', crm_api.request_withdrawal(current_setting('t.account')::uuid, 1500)::text, true);
reset role;
select tests.act_as('finance@crm.demo');
select crm_api.decide_withdrawal(current_setting('t.withdrawal')::uuid, true, 'verified by phone');
reset role;
select is((select payload - 'client_id' from core.jobs where kind = 'mailer.withdrawal_decided' and payload ->> 'withdrawal_id' = current_setting('t.withdrawal')),
          jsonb_build_object('app', 'crm', 'template', 'withdrawal_decided', 'to', 'client1@crm.demo', 'to_name', 'Clara Schmidt',
                             'tenant_name', 'Demo Brokerage', 'withdrawal_id', current_setting('t.withdrawal'),
                             'account_id', current_setting('t.account'), 'approved', true, 'amount', '1500.00', 'currency', 'EUR',
                             'reason', 'verified by phone'),
          'mailer.withdrawal_decided: approved, amount, currency and reason, to the client');
select is((select payload - 'decided_at' from core.jobs where kind = 'pdfgen.withdrawal_receipt' and payload ->> 'withdrawal_id' = current_setting('t.withdrawal')),
          jsonb_build_object('app', 'crm', 'template', 'withdrawal_receipt', 'subject_table', 'crm.withdrawals',
                             'subject_id', current_setting('t.withdrawal'), 'file_name', 'withdrawal-receipt-' || current_setting('t.withdrawal') || '.pdf',
                             'tenant_name', 'Demo Brokerage', 'withdrawal_id', current_setting('t.withdrawal'), 'client_name', 'Clara Schmidt',
                             'account_id', current_setting('t.account'), 'approved', true, 'amount', '1500.00', 'currency', 'EUR',
                             'card_amount', '1234.50', 'wire_amount', '265.50', 'reason', 'verified by phone'),
          'pdfgen.withdrawal_receipt: the row it is about, the file name, the card refund and the wire part');
select is((select (payload ->> 'decided_at')::timestamptz from core.jobs where kind = 'pdfgen.withdrawal_receipt' and payload ->> 'withdrawal_id' = current_setting('t.withdrawal')),
          (select decided_at from crm.withdrawals where id = current_setting('t.withdrawal')::uuid),
          'the receipt''s decided_at is the decision''s time, with its offset');

-- a decision without a reason still states one (the mailer and pdfgen refuse a blank reason)
select tests.act_as('client1@crm.demo');
select set_config('t.w2', crm_api.request_withdrawal(current_setting('t.account')::uuid, 10)::text, true);
reset role;
select tests.act_as('finance@crm.demo');
select crm_api.decide_withdrawal(current_setting('t.w2')::uuid, false);
reset role;
select results_eq(
    $$select kind, payload ->> 'reason' from core.jobs where payload ->> 'withdrawal_id' = current_setting('t.w2') order by kind$$,
    $$values ('mailer.withdrawal_decided'::text, 'rejected by finance'::text), ('pdfgen.withdrawal_receipt', 'rejected by finance')$$,
    'a rejection without a reason carries a plain one in both jobs');

-- mailer.margin_call
select tests.act_as('client1@crm.demo');
select crm_api.open_position(current_setting('t.account')::uuid, 'AUDUSD', 'buy', 2, 0.66);
reset role;
select tests.act_as('feed@crm.demo');
select crm_api.set_price('AUDUSD', 0.63);
reset role;
select results_eq(
    $$select payload ->> 'to', payload ->> 'currency', payload ->> 'margin_level' ~ '^[0-9]+[.][0-9]{2}$',
             (payload ->> 'equity')::numeric = state.equity, (payload ->> 'used_margin')::numeric = state.used_margin,
             (payload ->> 'margin_level')::numeric = round(state.margin_level, 2)
      from core.jobs, crm_private.account_state(current_setting('t.account')::uuid) as state
      where kind = 'mailer.margin_call' and payload ->> 'account_id' = current_setting('t.account')$$,
    $$values ('client1@crm.demo'::text, 'EUR'::text, true, true, true, true)$$,
    'mailer.margin_call: the margin level (percent, two decimals), equity and used margin in the account''s currency, to the client');

-- pdfgen.monthly_statement, for the month of client1's seeded deposit
select set_config('t.month', to_char(now() - interval '61 days', 'YYYY-MM'), true);
select crm_private.enqueue_monthly_statements((current_setting('t.month') || '-01')::date);
select results_eq(
    $$select payload ->> 'subject_table', payload ->> 'subject_id', payload ->> 'file_name', payload ->> 'client_name', payload ->> 'month',
             payload ->> 'currency', payload ->> 'opening_balance', payload ->> 'closing_balance',
             jsonb_array_length(payload -> 'lines'), payload #>> '{lines,0,amount}', payload #>> '{lines,0,description}'
      from core.jobs where kind = 'pdfgen.monthly_statement' and payload ->> 'account_id' = current_setting('t.account')
        and payload ->> 'month' = current_setting('t.month')$$,
    $$values ('crm.accounts'::text, current_setting('t.account'), 'statement-' || current_setting('t.account') || '-' || current_setting('t.month') || '.pdf',
              'Clara Schmidt'::text, current_setting('t.month'), 'EUR'::text, '0.00'::text, '10000.00'::text, 1, '10000.00'::text, 'deposit'::text)$$,
    'pdfgen.monthly_statement: the account, the month, opening and closing balance and the month''s lines');

-- the month's edges, in a month of their own (March 2020, UTC): an entry
-- at its first instant belongs to it, one at the next month's first instant
-- does not; an account opened at that instant gets no statement for it
reset role;
insert into crm.accounts (tenant_id, client_id, currency, leverage, created_at)
select tenant_id, current_setting('t.client1')::uuid, 'EUR', 30, ts
from crm.clients, unnest(array['2020-02-15 12:00:00+00'::timestamptz, '2020-04-01'::date::timestamptz]) as ts
where id = current_setting('t.client1')::uuid;
select set_config('t.march_account', (select id::text from crm.accounts where client_id = current_setting('t.client1')::uuid
                                      and created_at = '2020-02-15 12:00:00+00'), true);
select set_config('t.april_account', (select id::text from crm.accounts where client_id = current_setting('t.client1')::uuid
                                      and created_at = '2020-04-01'::date::timestamptz), true);
with tx as (
    insert into crm.ledger_transactions (tenant_id, kind, created_at)
    select current_setting('t.demo')::uuid, 'adjustment', at
    from unnest(array['2020-03-01 00:00:00+00'::timestamptz, '2020-04-01 00:00:00+00'::timestamptz]) as at
    returning id, created_at)
insert into crm.ledger_entries (tenant_id, transaction_id, account_id, house_account, currency, amount, created_at)
select current_setting('t.demo')::uuid, tx.id, legs.account_id, legs.house_account, 'EUR', legs.amount, tx.created_at
from tx, lateral (values (current_setting('t.march_account')::uuid, null::text, case when tx.created_at < '2020-04-01 00:00:00+00' then 100 else 50 end),
                         (null::uuid, 'adjustments', case when tx.created_at < '2020-04-01 00:00:00+00' then -100 else -50 end))
         as legs (account_id, house_account, amount);
select crm_private.enqueue_monthly_statements('2020-03-01');
select results_eq(
    $$select payload ->> 'opening_balance', payload ->> 'closing_balance', jsonb_array_length(payload -> 'lines'), payload #>> '{lines,0,amount}'
      from core.jobs where kind = 'pdfgen.monthly_statement' and payload ->> 'account_id' = current_setting('t.march_account')
        and payload ->> 'month' = '2020-03'$$,
    $$values ('0.00'::text, '100.00'::text, 1, '100.00'::text)$$,
    'an entry at the month''s first instant is in the month and its closing balance, one at the next month''s first instant in neither');
select is((select count(*) from core.jobs where kind = 'pdfgen.monthly_statement' and payload ->> 'account_id' = current_setting('t.april_account')),
    0::bigint, 'an account opened at the first instant of the next month gets no statement for the month');

-- every CRM job this suite queued has the envelope
select is(
    (select count(*) from core.jobs
     where id > current_setting('t.first_job')::bigint
       and (payload ->> 'app' is distinct from 'crm' or payload ->> 'template' is null or payload ->> 'tenant_name' is null
            or (queue = 'mailer' and (payload ->> 'to' is null or payload ->> 'to_name' is null))
            or (queue = 'pdfgen' and (payload ->> 'subject_table' is null or payload ->> 'subject_id' is null or payload ->> 'file_name' is null)))),
    0::bigint, 'every job queued here carries the envelope');
select ok((select count(distinct kind) from core.jobs where id > current_setting('t.first_job')::bigint) >= 7,
          'positive control: the suite queued seven kinds of job');
select is((select count(*) from core.jobs
           where id > current_setting('t.first_job')::bigint and payload ->> 'template' <> split_part(kind, '.', 2)),
          0::bigint, 'each template is the <what> of its kind');
-- (the monthly statements are a sweep of every brokerage: the other
-- brokerage's seeded account gets one too when its deposit falls in the
-- same month as client1's, in the first days of some months)
select is((select count(*) from core.jobs as jobs
           left join core.tenants as tenants on tenants.id = jobs.tenant_id
           where jobs.id > current_setting('t.first_job')::bigint
             and (tenants.app is distinct from 'crm'
                  or (jobs.payload ? 'account_id'
                      and jobs.tenant_id is distinct from (select accounts.tenant_id from crm.accounts as accounts
                                                            where accounts.id = (jobs.payload ->> 'account_id')::uuid))
                  or (jobs.payload ? 'client_id'
                      and jobs.tenant_id is distinct from (select clients.tenant_id from crm.clients as clients
                                                            where clients.id = (jobs.payload ->> 'client_id')::uuid)))),
          0::bigint, 'each job belongs to a brokerage, the one of the account or client it is about');
select ok((select count(*) from core.jobs
           where id > current_setting('t.first_job')::bigint and (payload ? 'account_id' or payload ? 'client_id')
             and tenant_id = current_setting('t.demo')::uuid) >= 5,
          'positive control: jobs about the demo brokerage''s accounts and clients');

select * from finish();
rollback;
