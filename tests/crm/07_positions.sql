-- Positions: margin and leverage at opening, free margin, closing with
-- realized P&L to the ledger, closing twice, reclassification.
begin;
select plan(25);

select set_config('t.client1', (select clients.id::text from crm.clients as clients where clients.email = 'client1@crm.demo'), true);
select set_config('t.account', (select accounts.id::text from crm.accounts as accounts
                                 where accounts.client_id = current_setting('t.client1')::uuid), true);
select set_config('t.usd', crm_private.eur_rate('USD', current_date)::text, true);
-- an open position of another client of the same brokerage
select set_config('t.foreign_position', (select positions.id::text
                                          from crm.positions as positions
                                          join crm.accounts as accounts on accounts.id = positions.account_id
                                          where accounts.client_id <> current_setting('t.client1')::uuid
                                            and positions.closed_at is null
                                          limit 1), true);

select tests.act_as('client1@crm.demo');
select set_config('t.p1', crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 1, 1.10)::text, true);
select results_eq(
    $$select leverage, margin from crm_api.positions where id = current_setting('t.p1')::uuid$$,
    $$select 30, round(110000 * current_setting('t.usd')::numeric / 30, 2)$$,
    'buy 1 lot EURUSD at 1.10 on a 1:30 account: leverage 30, margin = 110,000 USD in EUR / 30');
reset role;
select is((select status from crm.clients where id = current_setting('t.client1')::uuid), 'active',
          'the first position moves the client from funded to active');
select tests.act_as('client1@crm.demo');

select set_config('t.btc', crm_api.open_position(current_setting('t.account')::uuid, 'BTCUSD', 'buy', 0.01, 60000)::text, true);
select is((select leverage from crm_api.positions where id = current_setting('t.btc')::uuid), 2,
          'a retail crypto position gets the crypto cap 1:2 although the account is 1:30');
select is((select used_margin from crm_api.account_summary(current_setting('t.account')::uuid)),
          (select sum(margin) from crm_api.positions where account_id = current_setting('t.account')::uuid and closed_at is null),
          'used margin is the sum of the open positions'' margins');

-- refused arguments and rules
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'long', 1, 1.1)$$,
                 '22023', null, 'side other than buy or sell is 22023');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 0, 1.1)$$,
                 '22023', null, 'zero lots is 22023');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 1, -1.1)$$,
                 '22023', null, 'a negative price is 22023');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURXYZ', 'buy', 1, 1.1)$$,
                 '22023', null, 'an unknown symbol is 22023');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 100, 1.1)$$,
                 'P0001', null, '100 lots need more margin than is free (P0001)');
select throws_ok($$select crm_api.close_position(current_setting('t.foreign_position')::uuid, 1.1)$$,
                 'PT404', null, 'a client cannot close another client''s position (PT404)');

reset role;
select tests.act_as('client2@crm.demo');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 1, 1.1)$$,
                 'PT404', null, 'another client cannot trade on client1''s account (PT404)');
reset role;
select tests.act_as('agent1@crm.demo');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 1, 1.1)$$,
                 '42501', null, 'an agent may not trade (42501)');
reset role;
select tests.act_as('manager@other-crm.demo');
select throws_ok($$select crm_api.close_position(current_setting('t.p1')::uuid, 1.1)$$,
                 'PT404', null, 'the other brokerage does not find the position (PT404)');

-- unrealized P&L at the mark price
reset role;
select tests.act_as('manager@crm.demo');
select crm_api.set_price('EURUSD', 1.11);
reset role;
select tests.act_as('client1@crm.demo');
select is((select equity - balance from crm_api.account_summary(current_setting('t.account')::uuid)),
          round(1000 * current_setting('t.usd')::numeric, 2),
          'equity includes the unrealized P&L at the latest mark (+0.01 on 1 lot = 1,000 USD in EUR; BTC at its open price)');

-- closing
select is(crm_api.close_position(current_setting('t.p1')::uuid, 1.12), round(2000 * current_setting('t.usd')::numeric, 2),
          'closing the buy at 1.12 realizes +2,000 USD, returned in EUR');
select throws_ok($$select crm_api.close_position(current_setting('t.p1')::uuid, 1.12)$$,
                 'PT409', null, 'closing a position twice is PT409');
select is((select sum(amount) from crm_api.ledger_entries where kind = 'realized_pnl' and ref_id = current_setting('t.p1')::uuid),
          (select realized_pnl from crm_api.positions where id = current_setting('t.p1')::uuid),
          'the realized P&L is booked to the account in the ledger');
select is((select balance from crm_api.account_summary(current_setting('t.account')::uuid)),
          10000 + round(2000 * current_setting('t.usd')::numeric, 2),
          'the balance is the deposit plus the realized P&L');
select set_config('t.sell', crm_api.open_position(current_setting('t.account')::uuid, 'GBPUSD', 'sell', 0.5, 1.27)::text, true);
select is(crm_api.close_position(current_setting('t.sell')::uuid, 1.26), round(500 * current_setting('t.usd')::numeric, 2),
          'a sell closed lower gains: 0.5 lot GBPUSD from 1.27 to 1.26 is +500 USD');
select throws_ok($$select crm_api.close_position(current_setting('t.btc')::uuid, 0)$$,
                 '22023', null, 'closing at a price of zero is 22023');
reset role;
select tests.act_as('manager@crm.demo');
select lives_ok($$select crm_api.close_position(current_setting('t.btc')::uuid, 61000)$$,
                'the desk''s manager may close a client''s position');

-- reclassification: open positions keep their leverage, new ones get the new cap
reset role;
select tests.act_as('compliance@crm.demo');
select crm_api.set_classification(current_setting('t.client1')::uuid, 'professional', 'qualifies on portfolio and experience');
reset role;
select tests.act_as('client1@crm.demo');
select set_config('t.pro_account', crm_api.open_account(current_setting('t.client1')::uuid, 'EUR', 100)::text, true);
reset role;
select tests.act_as('finance@crm.demo');
select crm_api.record_deposit(current_setting('t.pro_account')::uuid, 5000, 'wire', 'TEST-07-PRO');
reset role;
select tests.act_as('client1@crm.demo');
select set_config('t.pro_position', crm_api.open_position(current_setting('t.pro_account')::uuid, 'EURUSD', 'buy', 1, 1.10)::text, true);
select is((select leverage from crm_api.positions where id = current_setting('t.pro_position')::uuid), 100,
          'as a professional on a 1:100 account, EURUSD opens at 1:100');
reset role;
select tests.act_as('compliance@crm.demo');
select crm_api.set_classification(current_setting('t.client1')::uuid, 'retail', 'client asked to be treated as retail');
reset role;
select tests.act_as('client1@crm.demo');
select results_eq(
    $$select leverage, closed_at is null from crm_api.positions where id = current_setting('t.pro_position')::uuid$$,
    $$values (100, true)$$,
    'after the downgrade to retail the professional position stays open at 1:100');
select set_config('t.retail_position', crm_api.open_position(current_setting('t.pro_account')::uuid, 'EURUSD', 'buy', 0.1, 1.10)::text, true);
select is((select leverage from crm_api.positions where id = current_setting('t.retail_position')::uuid), 30,
          'a new position after the downgrade gets the retail cap 1:30 on the same 1:100 account');
select is((select margin from crm_api.positions where id = current_setting('t.retail_position')::uuid),
          round(11000 * current_setting('t.usd')::numeric / 30, 2),
          'and its margin is computed at 1:30');

select * from finish();
rollback;
