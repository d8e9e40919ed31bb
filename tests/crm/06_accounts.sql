-- Trading accounts: open_account (client own, manager), KYC, currency,
-- leverage caps by classification; account_summary visibility.
begin;
select plan(18);

select set_config('t.client1', (select clients.id::text from crm.clients as clients where clients.email = 'client1@crm.demo'), true);
select set_config('t.client2', (select clients.id::text from crm.clients as clients where clients.email = 'client2@crm.demo'), true);
select set_config('t.client1_account', (select accounts.id::text from crm.accounts as accounts
                                        where accounts.client_id = current_setting('t.client1')::uuid), true);

-- the allowed paths
select tests.act_as('client1@crm.demo');
select set_config('t.usd', crm_api.open_account(current_setting('t.client1')::uuid, 'USD', 30)::text, true);
select isnt(current_setting('t.usd'), '', 'the client opens a USD account for themself at the retail cap 1:30');
select results_eq(
    $$select currency, leverage from crm_api.accounts where id = current_setting('t.usd')::uuid$$,
    $$values ('USD'::text, 30)$$,
    'the new account shows in crm_api.accounts with its currency and leverage');
select results_eq(
    $$select balance, used_margin, margin_level from crm_api.account_summary(current_setting('t.usd')::uuid)$$,
    $$values (0::numeric, 0::numeric, null::numeric)$$,
    'a new account has a zero balance, no used margin and no margin level');

-- refused arguments
select throws_ok($$select crm_api.open_account(current_setting('t.client1')::uuid, 'JPY', 30)$$,
                 '22023', null, 'an unsupported currency is 22023');
select throws_ok($$select crm_api.open_account(current_setting('t.client1')::uuid, 'EUR', 0)$$,
                 '22023', null, 'a leverage of zero is 22023');
select throws_ok($$select crm_api.open_account(current_setting('t.client1')::uuid, 'EUR', 31)$$,
                 'P0001', null, 'a retail client above the highest retail cap (1:31) is P0001');
select throws_ok($$select crm_api.open_account(current_setting('t.client2')::uuid, 'EUR', 10)$$,
                 'PT404', null, 'a client cannot open an account for another client (PT404)');

-- KYC: client2 is a lead
reset role;
select tests.act_as('manager@crm.demo');
select throws_ok($$select crm_api.open_account(current_setting('t.client2')::uuid, 'EUR', 10)$$,
                 'P0001', null, 'no trading account before KYC approval, even for the manager (P0001)');
select isnt(crm_api.open_account(current_setting('t.client1')::uuid, 'GBP', 20)::text, null,
            'a manager opens an account for a client of the desk');

-- professionals: the cap is the highest professional cap
reset role;
select tests.act_as('compliance@crm.demo');
select crm_api.set_classification(current_setting('t.client1')::uuid, 'professional', 'portfolio over 500k EUR, 10 trades a quarter');
reset role;
select tests.act_as('client1@crm.demo');
select lives_ok($$select crm_api.open_account(current_setting('t.client1')::uuid, 'EUR', 500)$$,
                'a professional client may open an account at 1:500');
select throws_ok($$select crm_api.open_account(current_setting('t.client1')::uuid, 'EUR', 501)$$,
                 'P0001', null, 'above the highest professional cap (1:501) is P0001');

-- roles that may not open accounts
reset role;
select tests.act_as('agent1@crm.demo');
select throws_ok($$select crm_api.open_account(current_setting('t.client1')::uuid, 'EUR', 10)$$,
                 '42501', null, 'an agent may not open accounts (42501)');
reset role;
select tests.act_as('finance@crm.demo');
select throws_ok($$select crm_api.open_account(current_setting('t.client1')::uuid, 'EUR', 10)$$,
                 '42501', null, 'finance may not open accounts (42501)');
reset role;
select tests.act_as('manager@other-crm.demo');
select throws_ok($$select crm_api.open_account(current_setting('t.client1')::uuid, 'EUR', 10)$$,
                 'PT404', null, 'the other brokerage''s manager does not find the client (PT404)');

-- account_summary: whoever may see the account
select throws_ok($$select * from crm_api.account_summary(current_setting('t.client1_account')::uuid)$$,
                 'PT404', null, 'the other brokerage gets PT404 on client1''s account summary');
reset role;
select tests.act_as('agent1@crm.demo');
select is((select balance from crm_api.account_summary(current_setting('t.client1_account')::uuid)), 10000::numeric,
          'the assigned agent sees client1''s balance of 10,000');
reset role;
select tests.act_as('agent2@crm.demo');
select throws_ok($$select * from crm_api.account_summary(current_setting('t.client1_account')::uuid)$$,
                 'PT404', null, 'an agent not assigned to client1 gets PT404');
reset role;
select tests.act_as('compliance@crm.demo');
select throws_ok($$select * from crm_api.account_summary(current_setting('t.client1_account')::uuid)$$,
                 '42501', null, 'compliance does not see account money (42501)');

select * from finish();
rollback;
