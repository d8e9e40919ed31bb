-- Fills at the brokerage's own prices: open_position and close_position
-- accept a price only within the class's tolerance (crm.price_tolerances)
-- of the brokerage's latest mark and never on the client's side of it (a
-- buy at the mark or above, a sell at the mark or below: the tolerance is
-- the client's slippage, not a discount), refuse a symbol without a mark,
-- and a mark older than the class's max_mark_age, and book the realized
-- P&L of the accepted fill. The seed's feed marked
-- EURUSD at 1.0800 and BTCUSD at 60,000.
begin;
select plan(34);
-- the price feed posts the seed's marks again: a fill needs a recent mark
select tests.crm_fresh_marks();

select set_config('t.client1', (select clients.id::text from crm.clients as clients where clients.email = 'client1@crm.demo'), true);
select set_config('t.account', (select accounts.id::text from crm.accounts as accounts
                                 where accounts.client_id = current_setting('t.client1')::uuid), true);
select set_config('t.demo', (select tenants.id::text from core.tenants as tenants where tenants.name = 'Demo Brokerage'), true);
select set_config('t.usd', crm_private.eur_rate('USD', current_date)::text, true);
select set_config('t.balance', crm_private.account_balance(current_setting('t.account')::uuid)::text, true);

select tests.act_as('client1@crm.demo');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 0.1, 1.10)$$,
                 'P0001', null, 'opening 1.9 % away from the 1.0800 mark is refused (P0001)');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'sell', 0.1, 1e8)$$,
                 'P0001', null, 'a fantasy price of 1e8 is refused (P0001)');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'sell', 0.1, 1e300)$$,
                 '22023', null, 'a price of 1e300, over the bound of 1e9, is malformed (22023)');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 0.1, 0.0001)$$,
                 'P0001', null, 'a fantasy price far below the mark is refused (P0001)');
-- the client's side of the mark: a buy below it, a sell above it, each
-- within the tolerance, would pay the spread out both ways (a buy at 1.0790
-- closed at 1.0810 with the market unmoved)
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 0.1, 1.0799)$$,
                 'P0001', 'a buy of EURUSD at 1.0799 is better than the market price 1.0800',
                 'a buy below the mark, even within the tolerance, is refused (P0001)');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'sell', 0.1, 1.0801)$$,
                 'P0001', 'a sell of EURUSD at 1.0801 is better than the market price 1.0800',
                 'a sell above the mark, even within the tolerance, is refused (P0001)');
select lives_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 0.1, 1.0800)$$,
                'a buy at the mark itself fills');
select set_config('t.s', crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'sell', 0.1, 1.0800)::text, true);
select is((select open_price from crm_api.positions where id = current_setting('t.s')::uuid), 1.0800::numeric,
          'a sell at the mark itself fills');
-- closing a sell buys: at the mark or above, never below it
select throws_ok($$select crm_api.close_position(current_setting('t.s')::uuid, 1.0799)$$,
                 'P0001', 'a buy of EURUSD at 1.0799 is better than the market price 1.0800',
                 'closing a sell below the mark is refused (P0001)');
select is(crm_api.close_position(current_setting('t.s')::uuid, 1.0802), round(-2 * current_setting('t.usd')::numeric, 2),
          'closing a sell at 1.0802, above the mark within the tolerance, costs the client the 2 USD of slippage');
select set_config('t.p', crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 0.1, 1.0810)::text, true);
select is((select open_price from crm_api.positions where id = current_setting('t.p')::uuid), 1.0810::numeric,
          'a fill 0.09 % from the mark (within the 0.2 % of fx_major) opens at that price');
select throws_ok($$select crm_api.close_position(current_setting('t.p')::uuid, 1.20)$$,
                 'P0001', null, 'closing at a fantasy price is refused (P0001)');
select throws_ok($$select crm_api.close_position(current_setting('t.p')::uuid, 1e8)$$,
                 'P0001', null, 'closing at 1e8 is refused (P0001)');
select throws_ok($$select crm_api.close_position(current_setting('t.p')::uuid, 1e300)$$,
                 '22023', null, 'closing at 1e300, over the bound of 1e9, is malformed (22023)');
-- closing a buy sells: at the mark or below, never above it
select throws_ok($$select crm_api.close_position(current_setting('t.p')::uuid, 1.0801)$$,
                 'P0001', 'a sell of EURUSD at 1.0801 is better than the market price 1.0800',
                 'closing a buy above the mark, even within the tolerance, is refused (P0001)');
select is((select closed_at from crm_api.positions where id = current_setting('t.p')::uuid), null,
          'the refused closes left the position open');
reset role;
select tests.act_as('feed@crm.demo');
select crm_api.set_price('EURUSD', 1.0820);
reset role;
select set_config('t.balance', crm_private.account_balance(current_setting('t.account')::uuid)::text, true);
select tests.act_as('client1@crm.demo');
select is(crm_api.close_position(current_setting('t.p')::uuid, 1.0815), round(5 * current_setting('t.usd')::numeric, 2),
          'after the mark rose to 1.0820, closing at 1.0815 realizes the accepted fills'' P&L: 0.0005 x 10,000 units = 5 USD, in EUR');
select is((select balance from crm_api.account_summary(current_setting('t.account')::uuid)) - current_setting('t.balance')::numeric,
          round(5 * current_setting('t.usd')::numeric, 2), 'and exactly that reaches the balance');

-- the tolerance is per class: crypto 2 %
select lives_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'BTCUSD', 'buy', 0.01, 61000)$$,
                'BTCUSD at 61,000 lies within crypto''s 2 % of the 60,000 mark');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'BTCUSD', 'buy', 0.01, 62000)$$,
                 'P0001', null, 'BTCUSD at 62,000 (3.3 %) is refused');

-- a manager trading on a client's account is held to the same band
reset role;
select tests.act_as('manager@crm.demo');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 0.1, 1.05)$$,
                 'P0001', null, 'a manager opening at a fantasy price on a client''s account is refused (P0001)');

-- another brokerage's mark does not count
reset role;
select tests.act_as('feed@other-crm.demo');
select crm_api.set_price('EURUSD', 1.20);
reset role;
select tests.act_as('client1@crm.demo');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 0.1, 1.20)$$,
                 'P0001', null, 'the other brokerage''s mark of 1.20 does not make 1.20 a valid fill here');

-- a symbol the brokerage has no mark for cannot be traded
reset role;
insert into crm.instruments (symbol, instrument_class, base_currency, quote_currency, contract_size)
values ('NVDA', 'equity', 'NVDA', 'USD', 100);
select tests.act_as('client1@crm.demo');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'NVDA', 'buy', 0.1, 120)$$,
                 'P0001', null, 'a symbol without a mark in the brokerage is refused (P0001)');
reset role;
select tests.act_as('feed@crm.demo');
select crm_api.set_price('NVDA', 120);
reset role;
select tests.act_as('client1@crm.demo');
select lives_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'NVDA', 'buy', 0.1, 120.5)$$,
                'positive control: once the feed posts a mark, the symbol trades near it');

-- the band comes from the rule table: a brokerage's own, tighter row wins
reset role;
insert into crm.price_tolerances (tenant_id, instrument_class, max_deviation)
values (current_setting('t.demo')::uuid, 'fx_major', 0.0001);
select tests.act_as('client1@crm.demo');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 0.1, 1.0830)$$,
                 'P0001', 'price 1.0830 of EURUSD is too far from the market price 1.0820',
                 'with the brokerage''s own 0.01 % band, 1.0830 is too far from 1.0820');
select lives_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 0.1, 1.0821)$$,
                'and 1.0821 is near enough');

-- a mark the feed stopped updating is no basis for a fill: older than the
-- class's max_mark_age (a minute by default), it is refused both ways
select set_config('t.b', crm_api.open_position(current_setting('t.account')::uuid, 'BTCUSD', 'buy', 0.01, 60000)::text, true);
reset role;
update crm.prices set at = now() - interval '61 seconds'
where tenant_id = current_setting('t.demo')::uuid and symbol = 'BTCUSD';
select tests.act_as('client1@crm.demo');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'BTCUSD', 'buy', 0.01, 60000)$$,
                 'P0001', 'the market price of BTCUSD is 00:01:01 old: a fill needs a mark of the last 00:01:00',
                 'opening at a mark posted 61 seconds ago is refused (P0001)');
select throws_ok($$select crm_api.close_position(current_setting('t.b')::uuid, 60000)$$,
                 'P0001', 'the market price of BTCUSD is 00:01:01 old: a fill needs a mark of the last 00:01:00',
                 'and so is closing at it (P0001)');
select is((select closed_at from crm_api.positions where id = current_setting('t.b')::uuid), null,
          'the position stays open');
reset role;
update crm.prices set at = now() - interval '1 minute'
where tenant_id = current_setting('t.demo')::uuid and symbol = 'BTCUSD';
select tests.act_as('client1@crm.demo');
select lives_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'BTCUSD', 'buy', 0.01, 60000)$$,
                'a mark exactly a minute old still counts');
-- the age comes from the rule table: a brokerage's own row for the class
reset role;
update crm.prices set at = now() - interval '30 minutes'
where tenant_id = current_setting('t.demo')::uuid and symbol = 'BTCUSD';
insert into crm.price_tolerances (tenant_id, instrument_class, max_deviation, max_mark_age)
values (current_setting('t.demo')::uuid, 'crypto', 0.02, interval '1 hour');
select tests.act_as('client1@crm.demo');
select lives_ok($$select crm_api.close_position(current_setting('t.b')::uuid, 60000)$$,
                'with the brokerage''s own hour for crypto, a mark 30 minutes old counts');
reset role;
select throws_ok($$insert into crm.price_tolerances (tenant_id, instrument_class, max_deviation, max_mark_age)
                   values (current_setting('t.demo')::uuid, 'equity', 0.01, interval '0')$$,
                 '23514', null, 'a rule row with no age allowed is refused by its check (23514)');
select throws_ok($$insert into crm.price_tolerances (tenant_id, instrument_class, max_deviation, max_mark_age)
                   values (current_setting('t.demo')::uuid, 'equity', 0.01, interval '25 hours')$$,
                 '23514', null, 'and so is one over a day (23514)');
select lives_ok($$insert into crm.price_tolerances (tenant_id, instrument_class, max_deviation, max_mark_age)
                  values (current_setting('t.demo')::uuid, 'gold', 0.005, interval '1 day')$$,
                'while a day exactly is allowed');

select * from finish();
rollback;
