-- AML: deposits of one client summed over a rolling 7 days in EUR at each
-- day's rate; 15,000 EUR or more, or a PEP flag, opens ONE case per reason
-- that compliance must clear.
begin;
select plan(55);

create temp table ids (k text primary key, id uuid);
grant all on ids to public;

-- a fresh approved client with an EUR account
select tests.act_as('manager@crm.demo');
insert into ids select 'client', crm_api.register_lead('aml.test@example.org', 'Alma Test', 'DE');
select crm_api.submit_kyc_document((select id from ids where k = 'client'), 'id_document', 'kyc/aml/id.pdf', current_date + 700);
select crm_api.submit_kyc_document((select id from ids where k = 'client'), 'proof_of_address', 'kyc/aml/poa.pdf', null);
select tests.act_as('compliance@crm.demo');
select crm_api.review_kyc((select id from ids where k = 'client'), true);
select tests.act_as('manager@crm.demo');
insert into ids select 'account', crm_api.open_account((select id from ids where k = 'client'), 'EUR', 30);

-- three deposits of 6,000 EUR in one week raise ONE case
select tests.act_as('finance@crm.demo');
select crm_api.record_deposit((select id from ids where k = 'account'), 6000, 'wire', 'AML-TEST-1');
reset role;
select is((select count(*) from crm.aml_cases where client_id = (select id from ids where k = 'client')), 0::bigint,
    '6,000 EUR: no case');
select tests.act_as('finance@crm.demo');
select crm_api.record_deposit((select id from ids where k = 'account'), 6000, 'wire', 'AML-TEST-2');
reset role;
select is((select count(*) from crm.aml_cases where client_id = (select id from ids where k = 'client')), 0::bigint,
    '12,000 EUR in the window: no case');
select tests.act_as('finance@crm.demo');
select crm_api.record_deposit((select id from ids where k = 'account'), 6000, 'wire', 'AML-TEST-3');
reset role;
select results_eq(
    $$select reason, status, total_eur from crm.aml_cases where client_id = (select id from ids where k = 'client')$$,
    $$values ('threshold'::text, 'open'::text, 18000::numeric)$$,
    'the third deposit (18,000 EUR in 7 days) opens one threshold case');
select tests.act_as('finance@crm.demo');
select crm_api.record_deposit((select id from ids where k = 'account'), 500, 'card', 'AML-TEST-4', '4242');
reset role;
select is((select count(*) from crm.aml_cases where client_id = (select id from ids where k = 'client')), 1::bigint,
    'a further deposit does not open a second case');
select is(crm_private.check_aml((select id from ids where k = 'client')), null,
    'check_aml opens nothing while a case for the reason is open');
select is((select total_eur from crm.aml_cases where client_id = (select id from ids where k = 'client')), 18500.00,
    'the deposit made while the case is open joins it: compliance is shown 18,500 EUR, not the 18,000 it opened with');
select is((select count(*) from crm.aml_case_deposits
           where case_id = (select id from crm.aml_cases where client_id = (select id from ids where k = 'client'))),
    4::bigint, 'the case counts the four deposits');
-- a deposit dated before the case opened that no case counted (its
-- transaction began first, waited for a lock and committed after the
-- opening) joins it at the next check, if it lies in the window the case
-- opened over: 7 days to the microsecond is out, a microsecond less is in
reset role;
insert into crm.deposits (tenant_id, account_id, amount, currency, method, provider_ref, created_at)
select accounts.tenant_id, accounts.id, 1000, 'EUR', 'wire', 'AML-TEST-LATE-' || n, now() - interval '7 days' + n * interval '1 microsecond'
from crm.accounts, generate_series(0, 1) as n
where accounts.id = (select id from ids where k = 'account');
select crm_private.check_aml((select id from ids where k = 'client'));
select is((select total_eur from crm.aml_cases where client_id = (select id from ids where k = 'client')), 19500.00,
    'the late deposit inside the window joins the open case (18,500 + 1,000), the one at its very edge does not');

-- compliance sees it, clears it; nobody else may
select tests.act_as('compliance@crm.demo');
insert into ids select 'case', id from crm_api.aml_cases where client_id = (select id from ids where k = 'client');
select isnt((select id from ids where k = 'case'), null, 'compliance sees the case');
select tests.act_as('manager@crm.demo');
select is((select count(*) from crm_api.aml_cases), 0::bigint,
    'the manager of the desk sees no AML case: nobody who talks to the client may tip them off');
select tests.act_as('agent1@crm.demo');
select is((select count(*) from crm_api.aml_cases), 0::bigint, 'the client''s own agent sees no AML case');
select tests.act_as('finance@crm.demo');
select is((select count(*) from crm_api.aml_cases), 0::bigint, 'finance sees no AML case');
select throws_ok($$select crm_api.clear_aml_case((select id from ids where k = 'case'), 'fine')$$,
    '42501', null, 'finance may not clear a case (42501)');
select tests.act_as('manager@other-crm.demo');
select is((select count(*) from crm_api.aml_cases), 0::bigint, 'the other brokerage sees no case');
select tests.act_as('compliance@crm.demo');
select throws_ok($$select crm_api.clear_aml_case((select id from ids where k = 'case'), '  ')$$,
    '22023', null, 'clearing needs a note (22023)');
select throws_ok($$select crm_api.clear_aml_case((select id from ids where k = 'case'), E'\t\n' || U&'\00A0')$$,
    '22023', null, 'a note of tabs, line breaks and no-break spaces is none (22023)');
select throws_ok($$select crm_api.clear_aml_case('00000000-0000-0000-0000-000000000000', 'x')$$,
    'PT404', null, 'an unknown case (PT404)');
-- the total compliance reviewed: a deposit that joined the case since
-- (19,500 when compliance read 18,500) refuses the clearance
select throws_ok($$select crm_api.clear_aml_case((select id from ids where k = 'case'), 'source of funds: salary, documented', 18500.00)$$,
    'PT409', 'AML case ' || (select id from ids where k = 'case') || ' changed while it was reviewed: its total is now 19500.00 EUR, not 18500.00',
    'a clearance of the total compliance saw before a deposit joined is refused (PT409), with the total now');
select is((select status from crm_api.aml_cases where id = (select id from ids where k = 'case')), 'open',
    'and clears nothing');
select lives_ok($$select crm_api.clear_aml_case((select id from ids where k = 'case'), 'source of funds: salary, documented', 19500)$$,
    'compliance clears the case at the total it reviewed');
select results_eq($$select status, cleared_by from crm_api.aml_cases where id = (select id from ids where k = 'case')$$,
    $$values ('cleared'::text, core.current_user_id())$$,
    'the case is cleared by compliance');
select throws_ok($$select crm_api.clear_aml_case((select id from ids where k = 'case'), 'again')$$,
    'PT409', null, 'clearing twice (PT409)');

-- after clearance the window restarts: a small deposit does not reopen
select tests.act_as('finance@crm.demo');
select crm_api.record_deposit((select id from ids where k = 'account'), 100, 'wire', 'AML-TEST-5');
reset role;
select is((select count(*) from crm.aml_cases where client_id = (select id from ids where k = 'client') and status = 'open'), 0::bigint,
    'deposits already reviewed do not reopen a case');
-- the deposits the cleared case counted count toward no other: 100 + 10,000
-- + 5,000 EUR reach the threshold again, and the new case shows their sum
select tests.act_as('finance@crm.demo');
select crm_api.record_deposit((select id from ids where k = 'account'), 10000, 'wire', 'AML-TEST-6');
reset role;
select is((select count(*) from crm.aml_cases where client_id = (select id from ids where k = 'client') and status = 'open'), 0::bigint,
    '10,100 EUR not yet reviewed: no case');
select tests.act_as('finance@crm.demo');
select crm_api.record_deposit((select id from ids where k = 'account'), 5000, 'wire', 'AML-TEST-7');
reset role;
select results_eq(
    $$select reason, total_eur from crm.aml_cases where client_id = (select id from ids where k = 'client') and status = 'open'$$,
    $$values ('threshold'::text, 15100::numeric)$$,
    '15,100 EUR not yet reviewed open a second case, which shows only them');
-- a large deposit while that case is open is shown before the clearance
select tests.act_as('finance@crm.demo');
select crm_api.record_deposit((select id from ids where k = 'account'), 100000, 'wire', 'AML-TEST-8');
select tests.act_as('compliance@crm.demo');
select is((select total_eur from crm_api.aml_cases where client_id = (select id from ids where k = 'client') and status = 'open'),
    115100.00, 'compliance sees the 100,000 EUR paid in while the case was open');
select crm_api.clear_aml_case((select id from crm_api.aml_cases where client_id = (select id from ids where k = 'client') and status = 'open'),
                              'source of funds: inheritance, notarial deed on file');
reset role;
select is((select count(*) from crm.aml_case_deposits as counted
           join crm.deposits as deposits on deposits.id = counted.deposit_id
           where deposits.provider_ref like 'AML-TEST-%'),
    9::bigint, 'every deposit of the client is counted by one case, but the one outside the window');
-- the cases' deposits at the table, as the read views' owner: compliance's,
-- nobody else's
select tests.act_as('compliance@crm.demo');
set local role crm_reader;
select cmp_ok((select count(*) from crm.aml_case_deposits), '>=', 8::bigint,
    'compliance reads the deposits the cases count (control)');
select tests.act_as('manager@crm.demo');
set local role crm_reader;
select is((select count(*) from crm.aml_case_deposits), 0::bigint,
    'a manager reads none of them: nobody who talks to the client learns of a case');

-- each day's rate: USD deposits, inserted directly with their dates
select tests.act_as('manager@crm.demo');
insert into ids select 'usd_client', crm_api.register_lead('aml.usd@example.org', 'Udo Dollar', 'DE');
reset role;
update crm.clients set status = 'approved' where id = (select id from ids where k = 'usd_client');
insert into crm.accounts (tenant_id, client_id, currency, leverage)
select tenant_id, id, 'USD', 30 from crm.clients where id = (select id from ids where k = 'usd_client');
insert into ids select 'usd_account', id from crm.accounts where client_id = (select id from ids where k = 'usd_client');
insert into crm.fx_rates (currency, rate_on, eur_per_unit)
values ('USD', current_date - 5, 0.9), ('USD', current_date - 3, 0.9), ('USD', current_date - 1, 0.9)
on conflict (currency, rate_on, tenant_id) do update set eur_per_unit = excluded.eur_per_unit;
insert into crm.deposits (tenant_id, account_id, amount, currency, method, provider_ref, created_at)
select accounts.tenant_id, accounts.id, 20000, 'USD', 'wire', 'AML-OLD', now() - interval '9 days'
from crm.accounts where id = (select id from ids where k = 'usd_account');
insert into crm.deposits (tenant_id, account_id, amount, currency, method, provider_ref, created_at)
select accounts.tenant_id, accounts.id, 5500, 'USD', 'wire', 'AML-USD-' || n, (current_date - (7 - 2 * n))::timestamptz + interval '12 hours'
from crm.accounts, generate_series(1, 3) as n where id = (select id from ids where k = 'usd_account');
select is(crm_private.check_aml((select id from ids where k = 'usd_client')), null,
    '3 x 5,500 USD at 0.90 (14,850 EUR) stays under the threshold; the deposit of 9 days ago is outside the window');
update crm.fx_rates set eur_per_unit = 1.0 where currency = 'USD' and rate_on = current_date - 5;
select isnt(crm_private.check_aml((select id from ids where k = 'usd_client')), null,
    'with the first day''s rate at 1.00 the same deposits reach 15,400 EUR: a case opens');
select is((select total_eur from crm.aml_cases where client_id = (select id from ids where k = 'usd_client')), 15400.00,
    'each deposit is counted at its own day''s rate');

-- PEP: flagging opens a pep case, once
select tests.act_as('compliance@crm.demo');
select lives_ok($$select crm_api.set_pep((select id from ids where k = 'client'), true)$$, 'compliance flags a PEP');
select crm_api.set_pep((select id from ids where k = 'client'), true);
reset role;
select is((select count(*) from crm.aml_cases where client_id = (select id from ids where k = 'client') and reason = 'pep' and status = 'open'),
    1::bigint, 'a PEP has exactly one open pep case, however often flagged');
select ok((select is_pep from crm.clients where id = (select id from ids where k = 'client')), 'the client is flagged');
select tests.act_as('manager@crm.demo');
select throws_ok($$select crm_api.set_pep((select id from ids where k = 'client'), false)$$,
    '42501', null, 'a manager may not change the PEP flag (42501)');
select tests.act_as('compliance@crm.demo');
select throws_ok($$select crm_api.set_pep('00000000-0000-0000-0000-000000000000', true)$$,
    'PT404', null, 'set_pep on an unknown client (PT404)');
select throws_ok($$select crm_api.set_pep('00000000-0000-0000-0000-000000000000', false)$$,
    'PT404', null, 'unflagging an unknown client is PT404 too');

-- an open AML case holds payouts: no withdrawal request, no approval; deposits still come in
reset role;
insert into ids select 'client1', id from crm.clients where email = 'client1@crm.demo';
insert into ids select 'client1_account', id from crm.accounts where client_id = (select id from ids where k = 'client1');
select tests.act_as('client1@crm.demo');
insert into ids select 'w_before', crm_api.request_withdrawal((select id from ids where k = 'client1_account'), 100);
-- two deposits to two accounts of one client at once: each would sum the
-- window without the other's deposit, so record_deposit holds the client's
-- row until it commits (a lock for update, which the second deposit
-- waits for; the AML case's foreign key alone takes a key share lock, which
-- both would hold together). pgrowlocks shows the row locks this session's
-- process holds, taken outside a subtransaction.
reset role;
select is(tests.my_row_locks('crm.clients', (select id from ids where k = 'client1')), null,
    'premise: this transaction holds no lock on client1''s row before the deposit');
select tests.act_as('finance@crm.demo');
select crm_api.record_deposit((select id from ids where k = 'client1_account'), 16000, 'wire', 'AML-HOLD-1');
reset role;
select ok(tests.my_row_locks('crm.clients', (select id from ids where k = 'client1')) && array['For Update'],
    'the deposit holds client1''s row for update until it commits: another deposit of the client waits and its AML sum counts this one');
select is((select count(*) from crm.aml_cases where client_id = (select id from ids where k = 'client1') and status = 'open'), 1::bigint,
    'client1''s 16,000 EUR deposit opened an AML case');
select tests.act_as('client1@crm.demo');
select throws_ok($$select crm_api.request_withdrawal((select id from ids where k = 'client1_account'), 100)$$,
    'P0001', 'withdrawals from this account are on hold',
    'a client with an open AML case may not request a withdrawal (P0001), told only that withdrawals are on hold: no tipping off');
select tests.act_as('finance@crm.demo');
select throws_ok($$select crm_api.decide_withdrawal((select id from ids where k = 'w_before'), true)$$,
    'P0001', null, 'finance may not approve a payout while the client''s AML case is open (P0001)');
select lives_ok($$select crm_api.record_deposit((select id from ids where k = 'client1_account'), 50, 'wire', 'AML-HOLD-2')$$,
    'deposits are still accepted while the case is open');
reset role;
select is((select status from crm.withdrawals where id = (select id from ids where k = 'w_before')), 'requested',
    'the held withdrawal is still waiting');
select tests.act_as('compliance@crm.demo');
select lives_ok($$select crm_api.clear_aml_case((select id from crm_api.aml_cases where client_id = (select id from ids where k = 'client1') and status = 'open'),
                                               'source of funds: sale of a flat, contract on file')$$,
    'the two-argument call (no reviewed total) still clears the case');
select is((select count(*) from crm_api.aml_cases where client_id = (select id from ids where k = 'client1') and status = 'open'), 0::bigint,
    'client1 has no open case left');
select tests.act_as('finance@crm.demo');
select lives_ok($$select crm_api.decide_withdrawal((select id from ids where k = 'w_before'), true)$$,
    'once compliance cleared the case, finance approves the payout');
select tests.act_as('client1@crm.demo');
select lives_ok($$select crm_api.request_withdrawal((select id from ids where k = 'client1_account'), 100)$$,
    'and the client may request withdrawals again');

-- two clearances of one case at once: each read the status open, and the
-- second overwrote the first's note, officer and time instead of PT409, so
-- clear_aml_case holds the client's row (as record_deposit, whose AML check
-- opens cases, does) before it reads the status; on a seeded open case of a
-- client whose row this transaction holds no lock on yet
reset role;
insert into ids
select 'seeded_case', aml_cases.id
from crm.aml_cases as aml_cases
join crm.clients as clients on clients.id = aml_cases.client_id
join core.tenants as tenants on tenants.id = clients.tenant_id and tenants.name = 'Demo Brokerage'
where aml_cases.status = 'open'
  and tests.my_row_locks('crm.clients', clients.id) is null
order by aml_cases.id
limit 1;
select isnt((select id from ids where k = 'seeded_case'), null,
    'premise: a seeded open AML case whose client''s row this transaction holds no lock on');
select tests.act_as('compliance@crm.demo');
select crm_api.clear_aml_case((select id from ids where k = 'seeded_case'), 'seeded case: source of funds documented');
reset role;
select ok(tests.my_row_locks('crm.clients', (select client_id from crm.aml_cases where id = (select id from ids where k = 'seeded_case')))
          && array['For No Key Update', 'For Update'],
    'the clearance holds the client''s row for no key update until it commits: a second clearance at once waits, then reads cleared (PT409)');

-- the remaining guards
select tests.act_as('compliance@crm.demo');
select throws_ok($$select crm_api.set_pep((select id from ids where k = 'client'), null)$$,
    '22023', null, 'a null PEP flag is 22023');
reset role;
select throws_ok($$select crm_private.eur_rate('XYZ', current_date)$$,
    '22023', null, 'a currency without rates is 22023');

-- the boundaries, on two fresh EUR clients of the brokerage: exactly the
-- threshold opens a case; a deposit made exactly one window ago is outside it
insert into ids
select 'edge' || n, crm_api.register_lead('aml.edge' || n || '@example.org', 'Edda Edge', 'DE') from generate_series(1, 2) as n;
update crm.clients set status = 'approved' where id in (select id from ids where k like 'edge_');
insert into crm.accounts (tenant_id, client_id, currency, leverage)
select tenant_id, id, 'EUR', 30 from crm.clients where id in (select id from ids where k like 'edge_');
select set_config('t.aml_threshold', threshold_eur::text, true), set_config('t.aml_window', window_length::text, true)
from crm.aml_rules
where tenant_id is null or tenant_id = (select id from core.tenants where name = 'Demo Brokerage')
order by tenant_id nulls last limit 1;
insert into crm.deposits (tenant_id, account_id, amount, currency, method, provider_ref, created_at)
select accounts.tenant_id, accounts.id, current_setting('t.aml_threshold')::numeric, 'EUR', 'wire', 'AML-EDGE-' || ids.k,
       case ids.k when 'edge1' then now() - interval '1 hour' else now() - current_setting('t.aml_window')::interval end
from crm.accounts join ids on ids.id = accounts.client_id where ids.k like 'edge_';
select isnt(crm_private.check_aml((select id from ids where k = 'edge1')), null,
    'deposits of exactly the threshold in the window open a threshold case');
select is(crm_private.check_aml((select id from ids where k = 'edge2')), null,
    'a deposit made exactly one window length ago is outside the window: no case');
select * from finish();
rollback;
