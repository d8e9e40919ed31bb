-- Positions: margin and leverage at opening, free margin, closing with
-- realized P&L to the ledger, closing twice, reclassification.
begin;
select plan(71);
-- the price feed posts the seed's marks again: a fill needs a recent mark
select tests.crm_fresh_marks();

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

-- client1's account is locked first, as the other suites lock it before a
-- tick locks the accounts holding the symbol (two files taking them in the
-- other order would deadlock; one PostgREST request never holds both)
select from crm.accounts where id = current_setting('t.account')::uuid for update;

-- the brokerage's price feed posts the marks the fills below lie at
select tests.act_as('feed@crm.demo');
select crm_api.set_price('EURUSD', 1.10), crm_api.set_price('GBPUSD', 1.27), crm_api.set_price('BTCUSD', 60000);
reset role;

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
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 40, 1.1)$$,
                 'P0001', null, '40 lots need more margin than is free (P0001)');
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
select tests.act_as('feed@crm.demo');
select crm_api.set_price('EURUSD', 1.11);
reset role;
select tests.act_as('client1@crm.demo');
select is((select equity - balance from crm_api.account_summary(current_setting('t.account')::uuid)),
          round(1000 * current_setting('t.usd')::numeric, 2),
          'equity includes the unrealized P&L at the latest mark (+0.01 on 1 lot = 1,000 USD in EUR; BTC at its open price)');

-- closing, at the next mark
reset role;
select tests.act_as('feed@crm.demo');
select crm_api.set_price('EURUSD', 1.12);
reset role;
select tests.act_as('client1@crm.demo');
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
reset role;
select tests.act_as('feed@crm.demo');
select crm_api.set_price('GBPUSD', 1.26);
reset role;
select tests.act_as('client1@crm.demo');
select is(crm_api.close_position(current_setting('t.sell')::uuid, 1.26), round(500 * current_setting('t.usd')::numeric, 2),
          'a sell closed lower gains: 0.5 lot GBPUSD from 1.27 to 1.26 is +500 USD');
select throws_ok($$select crm_api.close_position(current_setting('t.btc')::uuid, 0)$$,
                 '22023', null, 'closing at a price of zero is 22023');
reset role;
select tests.act_as('manager@crm.demo');
select lives_ok($$select crm_api.close_position(current_setting('t.btc')::uuid, 60000)$$,
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
select tests.act_as('feed@crm.demo');
select crm_api.set_price('EURUSD', 1.10);
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

-- ESMA 2018/796: majors are pairs of two of USD, EUR, JPY, GBP, CAD, CHF (1:30); any other pair is a minor (1:20)
select results_eq(
    $$select symbol, instrument_class from crm_api.instruments where symbol in ('AUDUSD', 'NZDUSD', 'EURGBP', 'EURJPY', 'GBPJPY', 'EURCHF') order by symbol$$,
    $$values ('AUDUSD'::text, 'fx_minor'::text), ('EURCHF', 'fx_major'), ('EURGBP', 'fx_major'), ('EURJPY', 'fx_major'), ('GBPJPY', 'fx_major'), ('NZDUSD', 'fx_minor')$$,
    'AUDUSD and NZDUSD are minors; EURGBP, EURJPY, GBPJPY and EURCHF are majors');
select set_config('t.aud', crm_api.open_position(current_setting('t.account')::uuid, 'AUDUSD', 'buy', 0.1, 0.66)::text, true);
select is((select leverage from crm_api.positions where id = current_setting('t.aud')::uuid), 20,
          'a retail AUDUSD position is capped at 1:20 on a 1:30 account');
select set_config('t.eurgbp', crm_api.open_position(current_setting('t.account')::uuid, 'EURGBP', 'buy', 0.1, 0.85)::text, true);
select is((select leverage from crm_api.positions where id = current_setting('t.eurgbp')::uuid), 30,
          'a retail EURGBP position (two majors) gets 1:30');
reset role;
select throws_ok($$insert into crm.instruments (symbol, instrument_class, base_currency, quote_currency) values ('AUDCHF', 'fx_major', 'AUD', 'CHF')$$,
                 '23514', null, 'a pair with a non-major currency cannot be classed fx_major (check constraint)');
select is((select count(*) from crm.leverage_caps where btrim(legal_basis) = ''), 0::bigint, 'every leverage cap says where it comes from');

-- malformed sizes and prices are 22023, and change nothing
select set_config('t.positions_before', (select count(*)::text from crm.positions), true);
select tests.act_as('client1@crm.demo');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 'NaN', 1.1)$$,
                 '22023', 'lots must be a positive finite number, got NaN', 'NaN lots are 22023, refused as not finite');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', null, 1.1)$$,
                 '22023', null, 'null lots are 22023');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 'Infinity', 1.1)$$,
                 '22023', null, 'infinite lots are 22023');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 0.015, 1.1)$$,
                 '22023', null, '0.015 lots is not a multiple of the 0.01 lot step (22023)');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 0.001, 1.1)$$,
                 '22023', null, '0.001 lots is below the step and the minimum (22023)');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 51, 1.1)$$,
                 '22023', null, '51 lots is above the 50-lot maximum of an FX pair (22023)');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'BTCUSD', 'buy', 11, 60000)$$,
                 '22023', null, '11 lots is above the 10-lot maximum of crypto (22023)');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 0.1, 'NaN')$$,
                 '22023', null, 'a NaN price is 22023');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 0.1, 'Infinity')$$,
                 '22023', null, 'an infinite price is 22023');
select throws_ok($$select crm_api.close_position(current_setting('t.aud')::uuid, 'NaN')$$,
                 '22023', null, 'closing at a NaN price is 22023');
select throws_ok($$select crm_api.close_position(current_setting('t.aud')::uuid, '-Infinity')$$,
                 '22023', null, 'closing at minus infinity is 22023');
reset role;
select is((select count(*)::text from crm.positions), current_setting('t.positions_before'),
          'the refused calls opened nothing');

-- the remaining guards, by SQLSTATE and message where two guards share a code
select tests.act_as('client1@crm.demo');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURXYZ', 'buy', 0.1, 1.1)$$,
                 '22023', 'unknown symbol EURXYZ', 'an unknown symbol is refused as such');
reset role;
insert into crm.instruments (symbol, tenant_id, instrument_class, base_currency, quote_currency, contract_size)
select 'OTHERX', tenants.id, 'equity', 'OTHERX', 'USD', 100 from core.tenants as tenants where tenants.name = 'Other Brokerage';
select tests.act_as('client1@crm.demo');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'OTHERX', 'buy', 0.1, 10)$$,
                 '22023', 'unknown symbol OTHERX', 'another brokerage''s own symbol is unknown here (22023)');
reset role;
update crm.clients set status = 'kyc_pending' where id = current_setting('t.client1')::uuid;
select tests.act_as('client1@crm.demo');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 0.1, 1.1)$$,
                 'P0001', 'client ' || current_setting('t.client1') || ' is kyc_pending (KYC not approved): no trading',
                 'a client whose KYC is not approved may not trade (P0001)');
reset role;
update crm.clients set status = 'active' where id = current_setting('t.client1')::uuid;
-- every logged-in CRM role reads the instruments and the brokerage's marks
select tests.act_as('agent1@crm.demo');
select ok((select count(*) from crm_api.instruments where mark_price is not null) > 0, 'an agent reads the instruments with their mark prices');
select tests.act_as('manager@crm.demo');
select ok((select count(*) from crm_api.instruments where mark_price is not null) > 0, 'a manager reads the instruments with their mark prices');
select tests.act_as('compliance@crm.demo');
select ok((select count(*) from crm_api.instruments where mark_price is not null) > 0, 'compliance reads the instruments with their mark prices');
select tests.act_as('finance@crm.demo');
select ok((select count(*) from crm_api.instruments where mark_price is not null) > 0, 'finance reads the instruments with their mark prices');
select tests.act_as('client1@crm.demo');
select ok((select count(*) from crm_api.instruments where mark_price is not null) > 0, 'a client reads the instruments with their mark prices');
select tests.act_as('ib1@crm.demo');
select ok((select count(*) from crm_api.instruments where mark_price is not null) > 0, 'an IB reads the instruments with their mark prices');
select tests.act_as('feed@crm.demo');
select ok((select count(*) from crm_api.instruments where mark_price is not null) > 0, 'the price feed reads the instruments with their mark prices');
reset role;

-- the sizes and prices exactly at the limits are accepted: the brokerage's
-- own rows (0.01 to 0.02 lots of an FX major, fills within 1 % of the mark)
-- replace the defaults
reset role;
insert into crm.lot_sizes (tenant_id, instrument_class, lot_step, min_lots, max_lots)
select id, 'fx_major', 0.01, 0.01, 0.02 from core.tenants where name = 'Demo Brokerage';
insert into crm.price_tolerances (tenant_id, instrument_class, max_deviation)
select id, 'fx_major', 0.01 from core.tenants where name = 'Demo Brokerage';
select tests.act_as('feed@crm.demo');
select crm_api.set_price('EURUSD', 1.10);
select tests.act_as('client1@crm.demo');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 0, 1.1)$$,
                 '22023', 'lots must be a positive finite number, got 0', 'zero lots are refused as not positive');
select lives_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 0.02, 1.10)$$,
                'exactly the brokerage''s maximum of 0.02 lots is accepted');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 0.03, 1.10)$$,
                 '22023', '0.03 lots is outside the allowed size of 0.01 to 0.02 lots', 'one step above the brokerage''s maximum is 22023');
select lives_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 0.01, 1.111)$$,
                'a fill exactly 1 % above the mark is accepted');
select lives_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'sell', 0.01, 1.089)$$,
                'a fill exactly 1 % below the mark is accepted');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 0.01, 1.1111)$$,
                 'P0001', 'price 1.1111 of EURUSD is too far from the market price 1.10', 'a fill just beyond 1 % of the mark is refused (P0001)');
reset role;

-- a position needing exactly the free margin is opened: the account's
-- balance is adjusted (a broker adjustment) so that its free margin equals
-- the margin of 0.01 lot of EURUSD, measured on a position opened and closed flat
select tests.act_as('client1@crm.demo');
select set_config('t.probe', crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 0.01, 1.10)::text, true);
select set_config('t.probe_margin', (select margin::text from crm_api.positions where id = current_setting('t.probe')::uuid), true);
select crm_api.close_position(current_setting('t.probe')::uuid, 1.10);
reset role;
with tx as (
    insert into crm.ledger_transactions (tenant_id, kind)
    select tenant_id, 'adjustment' from crm.accounts where id = current_setting('t.account')::uuid
    returning id, tenant_id)
insert into crm.ledger_entries (tenant_id, transaction_id, account_id, house_account, currency, amount)
select tx.tenant_id, tx.id, legs.account_id, legs.house_account, accounts.currency, legs.amount
from tx, crm.accounts as accounts, crm_private.account_state(accounts.id) as state,
     lateral (values (accounts.id, null::text, current_setting('t.probe_margin')::numeric - state.free_margin),
                     (null::uuid, 'adjustments', state.free_margin - current_setting('t.probe_margin')::numeric))
         as legs (account_id, house_account, amount)
where accounts.id = current_setting('t.account')::uuid;
select is((select free_margin from crm_private.account_state(current_setting('t.account')::uuid)), current_setting('t.probe_margin')::numeric,
    'the free margin is exactly the margin 0.01 lot of EURUSD needs');
select tests.act_as('client1@crm.demo');
select lives_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 0.01, 1.10)$$,
                'a position needing exactly the free margin is opened');
reset role;
-- conversions use the rates of the UTC day, whatever the session's time zone
-- (a client of the API may set its own). Each check runs east and west of the
-- date line, in UTC+14 and UTC-11: at every instant one of the two is on
-- another date than UTC. The GBP rates of the UTC yesterday, today and
-- tomorrow differ by 0.1 EUR; today's is the seeded one (a new day's row is
-- added when missing, at the rate valuations already use, so no equity moves).
select set_config('t.utc_today', ((now() at time zone 'UTC')::date)::text, true);
insert into crm.fx_rates (currency, rate_on, eur_per_unit)
values ('GBP', current_setting('t.utc_today')::date, crm_private.eur_rate('GBP', current_setting('t.utc_today')::date))
on conflict (currency, rate_on, tenant_id) do nothing;
select set_config('t.gbp', crm_private.eur_rate('GBP', current_setting('t.utc_today')::date)::text, true);
insert into crm.fx_rates (currency, rate_on, eur_per_unit)
values ('GBP', current_setting('t.utc_today')::date - 1, current_setting('t.gbp')::numeric - 0.1),
       ('GBP', current_setting('t.utc_today')::date + 1, current_setting('t.gbp')::numeric + 0.1)
on conflict (currency, rate_on, tenant_id) do update set eur_per_unit = excluded.eur_per_unit;
set local timezone = 'Pacific/Kiritimati';
select is(crm_private.convert_amount(100, 'GBP', 'EUR'), 100 * current_setting('t.gbp')::numeric,
          'UTC+14: convert_amount without a day converts at the UTC today''s rate');
set local timezone = 'Pacific/Pago_Pago';
select is(crm_private.convert_amount(100, 'GBP', 'EUR'), 100 * current_setting('t.gbp')::numeric,
          'UTC-11: convert_amount without a day converts at the UTC today''s rate');
reset timezone;
-- a second EUR account of client1 with 20,000 EUR buys 1 lot of EURGBP (quoted
-- in GBP) in each zone, half a percent above the mark (about 425 GBP down
-- each); the brokerage's lot sizes of above are dropped for the defaults
delete from crm.lot_sizes
where tenant_id = (select id from core.tenants where name = 'Demo Brokerage') and instrument_class = 'fx_major';
with account as (
    insert into crm.accounts (tenant_id, client_id, currency, leverage)
    select clients.tenant_id, clients.id, 'EUR', 30 from crm.clients as clients where clients.id = current_setting('t.client1')::uuid
    returning accounts.id, accounts.tenant_id)
select set_config('t.day_account', account.id::text, true),
       crm_private.post_ledger(account.tenant_id, 'adjustment', account.id,
           jsonb_build_array(jsonb_build_object('account_id', account.id, 'currency', 'EUR', 'amount', 20000),
                             jsonb_build_object('house_account', 'adjustments', 'currency', 'EUR', 'amount', -20000)))
from account;
select set_config('t.gbp_mark', crm_private.latest_price(tenant_id, 'EURGBP')::text, true)
from crm.accounts where id = current_setting('t.day_account')::uuid;
select set_config('t.gbp_fill', round(current_setting('t.gbp_mark')::numeric * 1.005, 5)::text, true);
select tests.act_as('client1@crm.demo');
set local timezone = 'Pacific/Kiritimati';
select set_config('t.day_east', crm_api.open_position(current_setting('t.day_account')::uuid, 'EURGBP', 'buy', 1,
                                                      current_setting('t.gbp_fill')::numeric)::text, true);
set local timezone = 'Pacific/Pago_Pago';
select set_config('t.day_west', crm_api.open_position(current_setting('t.day_account')::uuid, 'EURGBP', 'buy', 1,
                                                      current_setting('t.gbp_fill')::numeric)::text, true);
reset timezone;
reset role;
select is((select margin from crm.positions where id = current_setting('t.day_east')::uuid),
          round(100000 * current_setting('t.gbp_fill')::numeric * current_setting('t.gbp')::numeric
                / (select leverage from crm.positions where id = current_setting('t.day_east')::uuid), 2),
          'UTC+14: the margin of a new position is converted at the UTC today''s rate');
select is((select margin from crm.positions where id = current_setting('t.day_west')::uuid),
          round(100000 * current_setting('t.gbp_fill')::numeric * current_setting('t.gbp')::numeric
                / (select leverage from crm.positions where id = current_setting('t.day_west')::uuid), 2),
          'UTC-11: the margin of a new position is converted at the UTC today''s rate');
set local timezone = 'Pacific/Kiritimati';
select is((select equity from crm_private.account_state(current_setting('t.day_account')::uuid)),
          20000 + round(2 * (current_setting('t.gbp_mark')::numeric - current_setting('t.gbp_fill')::numeric) * 100000
                        * current_setting('t.gbp')::numeric, 2),
          'UTC+14: the equity values the open loss at the UTC today''s rate');
set local timezone = 'Pacific/Pago_Pago';
select is((select equity from crm_private.account_state(current_setting('t.day_account')::uuid)),
          20000 + round(2 * (current_setting('t.gbp_mark')::numeric - current_setting('t.gbp_fill')::numeric) * 100000
                        * current_setting('t.gbp')::numeric, 2),
          'UTC-11: the equity values the open loss at the UTC today''s rate');
reset timezone;
select tests.act_as('client1@crm.demo');
set local timezone = 'Pacific/Kiritimati';
select is(crm_api.close_position(current_setting('t.day_east')::uuid, current_setting('t.gbp_mark')::numeric),
          round((current_setting('t.gbp_mark')::numeric - current_setting('t.gbp_fill')::numeric) * 100000 * current_setting('t.gbp')::numeric, 2),
          'UTC+14: closing books the loss at the UTC today''s rate');
set local timezone = 'Pacific/Pago_Pago';
select is(crm_api.close_position(current_setting('t.day_west')::uuid, current_setting('t.gbp_mark')::numeric),
          round((current_setting('t.gbp_mark')::numeric - current_setting('t.gbp_fill')::numeric) * 100000 * current_setting('t.gbp')::numeric, 2),
          'UTC-11: closing books the loss at the UTC today''s rate');
reset timezone;
reset role;

-- first positions on two accounts of one client at once: each would read
-- the status funded and move it to active, the second then refused
-- (PT409), so open_position holds the client's row for update until
-- it commits (after the account's), reading the status under it.
-- pgrowlocks shows the row locks this session's process holds, taken
-- outside a subtransaction, on a seeded active client (so that no status
-- move locks the row anyway) in good standing, with an account
select set_config('t.trader', coalesce((
    select clients.id::text
    from crm.clients as clients
    join core.tenants as tenants on tenants.id = clients.tenant_id and tenants.name = 'Demo Brokerage'
    where clients.status = 'active'
      and clients.user_id is not null
      and exists (select from crm.kyc_documents as documents
                  where documents.client_id = clients.id and documents.kind = 'id_document'
                    and documents.status = 'approved' and documents.expires_on > current_date + 30)
      and not exists (select from crm.accounts as accounts where accounts.client_id = clients.id and accounts.currency <> 'EUR')
      and (select count(*) from crm.accounts as accounts where accounts.client_id = clients.id) = 1
      and (select state.free_margin from crm.accounts as accounts, crm_private.account_state(accounts.id) as state
           where accounts.client_id = clients.id) > 1000
      and tests.my_row_locks('crm.clients', clients.id) is null
    order by clients.id
    limit 1), ''), true);
select isnt(current_setting('t.trader'), '',
    'premise: a seeded active client in good standing with one EUR account, whose row this transaction holds no lock on');
select set_config('t.trader_account', (select accounts.id::text from crm.accounts as accounts
                                       where accounts.client_id = nullif(current_setting('t.trader'), '')::uuid), true);
select tests.act_as((select users.email from core.users as users join crm.clients as clients on clients.user_id = users.id
                     where clients.id = nullif(current_setting('t.trader'), '')::uuid));
select isa_ok(crm_api.open_position(current_setting('t.trader_account')::uuid, 'EURUSD', 'buy', 0.01,
                                    (select mark_price from crm_api.instruments where symbol = 'EURUSD')),
    'uuid', 'the client opens a position at the mark');
reset role;
select ok(tests.my_row_locks('crm.clients', nullif(current_setting('t.trader'), '')::uuid) && array['For Update'],
    'the position holds the client''s row for update until it commits: a first position on another account at once waits and reads the status after it');
select * from finish();
rollback;
