-- Who sees what of accounts, positions, deposits, withdrawals and the
-- ledger: every role, each "sees nothing" beside a positive control.
begin;
select plan(52);
-- the price feed posts the seed's marks again: a fill needs a recent mark
select tests.crm_fresh_marks();

select set_config('t.client1', (select clients.id::text from crm.clients as clients where clients.email = 'client1@crm.demo'), true);
select set_config('t.account', (select accounts.id::text from crm.accounts as accounts
                                 where accounts.client_id = current_setting('t.client1')::uuid), true);
select set_config('t.demo', (select tenants.id::text from core.tenants as tenants where tenants.name = 'Demo Brokerage'), true);
select set_config('t.agent1_accounts', (select count(*)::text from crm.accounts as accounts
                                        join crm.clients as clients on clients.id = accounts.client_id
                                        join core.users as users on users.id = clients.agent_id
                                        where users.email = 'agent1@crm.demo'), true);
select set_config('t.other_account', (select accounts.id::text from crm.accounts as accounts
                                       join crm.clients as clients on clients.id = accounts.client_id
                                       where clients.email = 'client@other-crm.demo'), true);

-- give client1 a position and a pending withdrawal, so every view has a row of theirs
select tests.act_as('client1@crm.demo');
select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 0.1, 1.08);
select crm_api.request_withdrawal(current_setting('t.account')::uuid, 100);
reset role;
select set_config('t.demo_deposits', (select count(*)::text from crm.deposits where tenant_id = current_setting('t.demo')::uuid), true);
select set_config('t.demo_entries', (select count(*)::text from crm.ledger_entries where tenant_id = current_setting('t.demo')::uuid), true);
select set_config('t.demo_accounts', (select count(*)::text from crm.accounts where tenant_id = current_setting('t.demo')::uuid), true);

-- the client: own rows only
select tests.act_as('client1@crm.demo');
select is((select count(*) from crm_api.accounts), 1::bigint, 'client1 sees exactly their one account');
select is((select count(*) from crm_api.positions), 1::bigint, 'client1 sees their position');
select results_eq($$select amount, card_last4, provider_ref from crm_api.deposits$$,
                  $$values (10000::numeric, null::text, null::text)$$,
                  'client1 sees their own deposit, without the provider reference');
select is((select count(*) from crm_api.withdrawals), 1::bigint, 'client1 sees their withdrawal');
select results_eq($$select count(*), count(house_account), sum(amount) from crm_api.ledger_entries$$,
                  $$values (2::bigint, 0::bigint, 9900::numeric)$$,
                  'client1 sees the two legs on their account (deposit, reservation), never a house account');
reset role;
select tests.act_as('client2@crm.demo');
select is((select count(*) from crm_api.accounts), 0::bigint, 'client2 (a lead) sees no account');
select is((select count(*) from crm_api.positions), 0::bigint, 'client2 sees no position');
select is((select count(*) from crm_api.deposits), 0::bigint, 'client2 sees no deposit');
select is((select count(*) from crm_api.withdrawals), 0::bigint, 'client2 sees no withdrawal');
select is((select count(*) from crm_api.ledger_entries), 0::bigint, 'client2 sees no ledger entry');

-- agents: accounts and positions of assigned clients, never money movements
reset role;
select tests.act_as('agent1@crm.demo');
select is((select count(*) from crm_api.accounts), current_setting('t.agent1_accounts')::bigint,
          'agent1 sees exactly the accounts of the clients assigned to them');
select is((select count(*) from crm_api.positions where account_id = current_setting('t.account')::uuid), 1::bigint,
          'agent1 sees the position of their client1');
select throws_ok($$select count(*) from crm_api.deposits$$, '42501', null, 'an agent never sees deposits (42501)');
select throws_ok($$select count(*) from crm_api.withdrawals$$, '42501', null, 'an agent never sees withdrawals (42501)');
select throws_ok($$select count(*) from crm_api.ledger_entries$$, '42501', null, 'an agent never sees the ledger (42501)');
reset role;
select tests.act_as('agent2@crm.demo');
select is((select count(*) from crm_api.accounts where id = current_setting('t.account')::uuid), 0::bigint,
          'agent2 does not see client1''s account (not assigned)');
select is((select count(*) from crm_api.positions where account_id = current_setting('t.account')::uuid), 0::bigint,
          'agent2 does not see client1''s position');
select ok((select count(*) from crm_api.accounts) > 0, 'positive control: agent2 sees the accounts of their own clients');

-- the manager: the desk, card last four but no provider reference or house accounts
reset role;
select tests.act_as('manager@crm.demo');
select is((select count(*) from crm_api.accounts where id = current_setting('t.account')::uuid), 1::bigint,
          'the manager sees client1''s account (their desk)');
select is((select count(*) from crm_api.positions where account_id = current_setting('t.account')::uuid), 1::bigint,
          'the manager sees client1''s position');
select is((select count(*) from crm_api.withdrawals where account_id = current_setting('t.account')::uuid), 1::bigint,
          'the manager sees client1''s withdrawal');
select ok((select count(*) from crm_api.deposits where card_last4 is not null) > 0, 'the manager sees card last four digits');
select is((select count(*) from crm_api.deposits where provider_ref is not null), 0::bigint,
          'the manager never sees provider references');
select is((select count(*) from crm_api.ledger_entries where account_id is null), 0::bigint,
          'the manager sees no house-account legs');
select is((select count(*) from crm_api.accounts where id = current_setting('t.other_account')::uuid), 0::bigint,
          'the manager sees nothing of the other brokerage');

-- finance: every money movement of the brokerage
reset role;
select tests.act_as('finance@crm.demo');
select is((select count(*) from crm_api.accounts), current_setting('t.demo_accounts')::bigint, 'finance sees every account of the brokerage');
select is((select count(*) from crm_api.deposits), current_setting('t.demo_deposits')::bigint, 'finance sees every deposit of the brokerage');
select is((select count(*) from crm_api.ledger_entries), current_setting('t.demo_entries')::bigint,
          'finance sees every ledger leg of the brokerage, house accounts included');
select ok((select count(*) from crm_api.ledger_entries where house_account = 'psp_clearing') > 0, 'finance sees the house account names');
select ok((select bool_and(card_last4 ~ '^[0-9]{4}$') from crm_api.deposits where method = 'card'),
          'finance sees card deposits with four digits only');
select is((select count(*) from crm_api.deposits where account_id = current_setting('t.other_account')::uuid), 0::bigint,
          'finance sees no deposit of the other brokerage');

-- compliance and the IB: nothing of money
reset role;
select tests.act_as('compliance@crm.demo');
select throws_ok($$select count(*) from crm_api.deposits$$, '42501', null, 'compliance sees no deposits (42501)');
select throws_ok($$select count(*) from crm_api.withdrawals$$, '42501', null, 'compliance sees no withdrawals (42501)');
select throws_ok($$select count(*) from crm_api.ledger_entries$$, '42501', null, 'compliance sees no ledger (42501)');
select throws_ok($$select count(*) from crm_api.accounts$$, '42501', null, 'compliance sees no trading accounts (42501)');
select ok((select count(*) from crm_api.clients) > 0, 'positive control: compliance sees the brokerage''s clients');
reset role;
select tests.act_as('ib1@crm.demo');
select throws_ok($$select count(*) from crm_api.accounts$$, '42501', null, 'an IB sees no accounts (42501)');
select throws_ok($$select count(*) from crm_api.positions$$, '42501', null, 'an IB sees no positions (42501)');
select throws_ok($$select count(*) from crm_api.deposits$$, '42501', null, 'an IB sees no deposits (42501)');
select ok((select count(*) from crm_api.clients) > 0, 'positive control: the IB sees its referred clients');

-- the other brokerage
reset role;
select tests.act_as('manager@other-crm.demo');
select is((select count(*) from crm_api.accounts where id = current_setting('t.account')::uuid), 0::bigint,
          'the other brokerage''s manager does not see client1''s account');
select is((select count(*) from crm_api.deposits where account_id = current_setting('t.account')::uuid), 0::bigint,
          'nor its deposits');
select is((select count(*) from crm_api.accounts), 1::bigint, 'positive control: it sees its own client''s account');
reset role;
select tests.act_as('client@other-crm.demo');
select results_eq($$select id from crm_api.accounts$$, $$select current_setting('t.other_account')::uuid$$,
                  'the other brokerage''s client sees only their own account');

-- anonymous
reset role;
select tests.act_as_anon();
select throws_ok($$select count(*) from crm_api.accounts$$, '42501', null, 'anonymous requests see no accounts (42501)');
select throws_ok($$select * from crm_api.account_summary(current_setting('t.account')::uuid)$$, '42501', null,
                 'anonymous requests get no account summary (42501)');

-- finance sees every position of the brokerage
reset role;
select set_config('t.demo_positions', (select count(*) from crm.positions
    where tenant_id = (select id from core.tenants where name = 'Demo Brokerage'))::text, true);
select tests.act_as('finance@crm.demo');
select ok((select count(*) from crm_api.positions) > 0
          and (select count(*) from crm_api.positions) = current_setting('t.demo_positions')::bigint,
    'finance sees every position of its brokerage');

-- a client with two accounts sees both: a client's list of accounts comes
-- from their client row (crm_private.current_client_id()), every account of it
reset role;
select tests.act_as('client1@crm.demo');
select set_config('t.usd', crm_api.open_account(current_setting('t.client1')::uuid, 'USD', 30)::text, true);
reset role;
select tests.act_as('finance@crm.demo');
select crm_api.record_deposit(current_setting('t.usd')::uuid, 250, 'wire', 'PSP-WIRE-TWO-ACCOUNTS');
reset role;
select tests.act_as('client1@crm.demo');
select set_eq($$select id from crm_api.accounts$$,
              array[current_setting('t.account')::uuid, current_setting('t.usd')::uuid],
              'client1 sees both of their accounts');
select is(pg_catalog.cardinality(crm_private.visible_account_ids()), 2,
          'their list of visible accounts holds both');
select set_eq($$select account_id from crm_api.deposits$$,
              array[current_setting('t.account')::uuid, current_setting('t.usd')::uuid],
              'client1 sees the deposits of both accounts');
select results_eq($$select count(*), sum(amount) from crm_api.ledger_entries where account_id = current_setting('t.usd')::uuid$$,
                  $$values (1::bigint, 250::numeric)$$,
                  'client1 sees the leg of the new account''s deposit');
select is((select count(*) from crm_api.ledger_entries where kind is null), 0::bigint,
          'and every leg of theirs with its transaction''s kind (the transactions'' policy lets them read it)');
reset role;

select * from finish();
rollback;
