-- The price feed (crm_api.set_price: who may post a tick), margin call,
-- close-out at the exact margin level, on a tick and on a new FX rate, and
-- negative balance protection. client1's EUR account (10,000 EUR, 1:30)
-- buys 2 lots of AUDUSD at 0.66 (a minor: 1:20) and 0.1 lot of EURCHF; the
-- seed's generated clients trade neither symbol.
begin;
select plan(53);
-- the price feed posts the seed's marks again: a fill needs a recent mark
select tests.crm_fresh_marks();

select set_config('t.client1', (select clients.id::text from crm.clients as clients where clients.email = 'client1@crm.demo'), true);
select set_config('t.account', (select accounts.id::text from crm.accounts as accounts
                                 where accounts.client_id = current_setting('t.client1')::uuid), true);

select tests.act_as('client1@crm.demo');
select set_config('t.aud', crm_api.open_position(current_setting('t.account')::uuid, 'AUDUSD', 'buy', 2, 0.66)::text, true);
select set_config('t.chf', crm_api.open_position(current_setting('t.account')::uuid, 'EURCHF', 'buy', 0.1, 0.95)::text, true);

-- who may post prices: the feed and a manager of the whole brokerage
select throws_ok($$select crm_api.set_price('AUDUSD', 0.65)$$, '42501', null, 'a client may not set prices (42501)');
reset role;
select tests.act_as('finance@crm.demo');
select throws_ok($$select crm_api.set_price('AUDUSD', 0.65)$$, '42501', null, 'finance may not set prices (42501)');
reset role;
select tests.act_as('agent1@crm.demo');
select throws_ok($$select crm_api.set_price('AUDUSD', 0.65)$$, '42501', null, 'an agent may not set prices (42501)');
reset role;
select tests.act_as('manager@crm.demo');
select throws_ok($$select crm_api.set_price('AUDUSD', 0.30)$$, '42501', null,
                 'a desk manager may not post a tick (42501): it would close out other desks'' clients');
reset role;
select is((select count(*) from crm.prices where symbol = 'AUDUSD' and price = 0.30), 0::bigint, 'the desk manager''s tick was not recorded');
select tests.act_as('head@crm.demo');
select lives_ok($$select crm_api.set_price('AUDUSD', 0.66)$$, 'a manager of the whole brokerage (no desk) may post a tick');
-- but no price outside 1e-9 .. 1e9: a stored 1e131071 overflowed numeric
-- (22003) in every later trade and summary on the symbol
select throws_ok($$select crm_api.set_price('AUDUSD', 1e131071)$$, '22023', null,
                 'a manager without a desk may not post a price of 1e131071 (22023)');
select throws_ok($$select crm_api.set_price('AUDUSD', 1e-1000)$$, '22023', null,
                 'a manager without a desk may not post a price of 1e-1000 (22023)');
select throws_ok($$select crm_api.set_price('AUDUSD', 1000000000.01)$$, '22023', null,
                 'a price a cent over 1e9 is 22023');
select is((select mark_price from crm_api.instruments where symbol = 'AUDUSD'), 0.66::numeric,
          'the refused prices left the mark at 0.66');
reset role;
select lives_ok($$select crm_private.require_price(1e9), crm_private.require_price(1e-9)$$,
                'exactly 1e9 and 1e-9 are still prices');
select tests.act_as('head@crm.demo');
reset role;
select tests.act_as('feed@crm.demo');
select throws_ok($$select crm_api.set_price('XXXYYY', 1)$$, '22023', null, 'an unknown symbol is 22023');
select throws_ok($$select crm_api.set_price('AUDUSD', 0)$$, '22023', null, 'a price of zero is 22023');
select throws_ok($$select crm_api.set_price('AUDUSD', 'NaN')$$, '22023', null, 'a NaN price is 22023');
select throws_ok($$select crm_api.set_price('AUDUSD', 'Infinity')$$, '22023', null, 'an infinite price is 22023');
select throws_ok($$select crm_api.close_position(current_setting('t.aud')::uuid, 0.66)$$, '42501', null,
                 'the feed may not trade (42501)');

-- how far the feed's tick may move the mark: AUDUSD is a minor, 15 % of 0.66
-- is 0.099; a manager of the whole brokerage posts a real jump
select lives_ok($$select crm_api.set_price('AUDUSD', 0.759)$$, 'the feed moves the mark exactly 15 %');
select throws_ok($$select crm_api.set_price('AUDUSD', 0.759 * 1.15 + 0.00001)$$, 'P0001', null,
                 'but not further than 15 % in one tick (P0001)');
select throws_ok($$select crm_api.set_price('AUDUSD', 1e-1000)$$, '22023', null,
                 'a garbled tick near zero is refused too (22023, below the price bound)');
select is((select mark_price from crm_api.instruments where symbol = 'AUDUSD'), 0.759::numeric,
          'the refused ticks left the mark as it was');
reset role;
select tests.act_as('head@crm.demo');
select lives_ok($$select crm_api.set_price('AUDUSD', 1.00)$$, 'a manager of the whole brokerage posts a jump of 32 %');
reset role;
select tests.act_as('feed@crm.demo');
select lives_ok($$select crm_api.set_price('AUDUSD', 0.88)$$, 'the feed follows from the new mark');
select crm_api.set_price('AUDUSD', 0.76), crm_api.set_price('AUDUSD', 0.66);

reset role;
select tests.act_as_claims(jsonb_build_object('role', 'crm_manager', 'sub', (select user_id from crm.clients where id = current_setting('t.client1')::uuid)::text));
select throws_ok($$select crm_api.set_price('AUDUSD', 0.10)$$, '42501', null,
                 'a manager''s role with a token naming another user (a client) may not post a tick (42501)');
reset role;
select tests.act_as('feed@crm.demo');
-- a healthy tick: nothing happens
select is(crm_api.set_price('AUDUSD', 0.67), 0, 'a tick in the client''s favour closes nothing');
select is((select mark_price from crm_api.instruments where symbol = 'AUDUSD'), 0.67::numeric, 'the tick is the new mark price');
reset role;
select is((select count(*) from core.jobs where kind = 'mailer.margin_call' and payload ->> 'account_id' = current_setting('t.account')),
          0::bigint, 'no margin call while the margin level is above 100 %');

-- exactly at the margin call level is not below it: a brokerage whose call
-- level is the account's exact margin level sends no call
insert into crm.margin_rules (tenant_id, margin_call_level, stop_out_level)
select tenant_id, (select margin_level from crm_private.account_state(current_setting('t.account')::uuid)), 1
from crm.accounts where id = current_setting('t.account')::uuid;
select is(crm_private.enforce_margin(current_setting('t.account')::uuid), 0, 'at exactly the call level nothing is closed');
select is((select count(*) from core.jobs where kind = 'mailer.margin_call' and payload ->> 'account_id' = current_setting('t.account')),
          0::bigint, 'and no margin call is sent');
delete from crm.margin_rules where tenant_id = (select tenant_id from crm.accounts where id = current_setting('t.account')::uuid);

-- the other brokerage's price feed does not touch this brokerage: its 0.60
-- would close out client1's positions here (below)
select tests.act_as('feed@other-crm.demo');
select is(crm_api.set_price('AUDUSD', 0.60), 0, 'the other brokerage''s tick closes none of our positions');
reset role;
select is((select closed_at from crm.positions where id = current_setting('t.aud')::uuid), null,
          'client1''s AUDUSD position is still open after the other brokerage''s tick');

-- margin call zone: between 50 % and 100 %
select tests.act_as('feed@crm.demo');
select is(crm_api.set_price('AUDUSD', 0.635), 0, 'at 0.635 the margin level is below 100 % but above 50 %: nothing is closed');
reset role;
select tests.act_as('client1@crm.demo');
select ok((select margin_level between 50 and 100 from crm_api.account_summary(current_setting('t.account')::uuid)),
          'the margin level is between 50 and 100 %');
reset role;
select tests.act_as('feed@crm.demo');
select crm_api.set_price('AUDUSD', 0.634);
reset role;
select is((select count(*) from core.jobs where kind = 'mailer.margin_call' and payload ->> 'account_id' = current_setting('t.account')),
          1::bigint, 'one margin call is queued, and a second tick the same day queues no second one');
-- "the same day" is the UTC day whatever the session's time zone: the call's
-- key carries the UTC date east and west of the date line (UTC+14, UTC-11;
-- at every instant one of the two is on another date than UTC)
select set_config('t.utc_today', ((now() at time zone 'UTC')::date)::text, true);
set local timezone = 'Pacific/Kiritimati';
delete from core.jobs where kind = 'mailer.margin_call' and payload ->> 'account_id' = current_setting('t.account');
select crm_private.enforce_margin(current_setting('t.account')::uuid);
select is((select string_agg(dedupe_key, ',') from core.jobs where kind = 'mailer.margin_call' and payload ->> 'account_id' = current_setting('t.account')),
          'margin_call:' || current_setting('t.account') || ':' || current_setting('t.utc_today'),
          'UTC+14: the margin call is keyed by the UTC date');
set local timezone = 'Pacific/Pago_Pago';
delete from core.jobs where kind = 'mailer.margin_call' and payload ->> 'account_id' = current_setting('t.account');
select crm_private.enforce_margin(current_setting('t.account')::uuid);
select is((select string_agg(dedupe_key, ',') from core.jobs where kind = 'mailer.margin_call' and payload ->> 'account_id' = current_setting('t.account')),
          'margin_call:' || current_setting('t.account') || ':' || current_setting('t.utc_today'),
          'UTC-11: the margin call is keyed by the UTC date');
reset timezone;

-- snapshot every other account's balance before the close-out
create temporary table other_balances on commit drop as
select accounts.id, crm_private.account_balance(accounts.id) as balance
from crm.accounts as accounts
where accounts.id <> current_setting('t.account')::uuid;

-- close-out: equity far below 50 % of the used margin, balance negative
select tests.act_as('feed@crm.demo');
select is(crm_api.set_price('AUDUSD', 0.60), 2, 'at 0.60 both of the account''s positions are closed out');
reset role;
select results_eq(
    $$select symbol, close_price, is_stop_out from crm.positions where id in (current_setting('t.aud')::uuid, current_setting('t.chf')::uuid) order by symbol$$,
    $$values ('AUDUSD'::text, 0.60::numeric, true), ('EURCHF'::text, 0.95::numeric, true)$$,
    'each position is closed at its mark price and marked as a stop-out');
select ok((select realized_pnl from crm.positions where id = current_setting('t.aud')::uuid) < -10000,
          'the AUDUSD loss is larger than the balance (the balance went negative)');
select is(crm_private.account_balance(current_setting('t.account')::uuid), 0::numeric,
          'negative balance protection brings the balance back to exactly zero');
select is((select count(*) from crm.ledger_transactions where kind = 'negative_balance_credit' and ref_id = current_setting('t.account')::uuid),
          1::bigint, 'one negative balance credit is booked');
select results_eq(
    $$select coalesce(entries.account_id::text, entries.house_account), sign(entries.amount)
      from crm.ledger_entries as entries
      join crm.ledger_transactions as transactions on transactions.id = entries.transaction_id
      where transactions.kind = 'negative_balance_credit' and transactions.ref_id = current_setting('t.account')::uuid
      order by entries.amount$$,
    $$values ('nbp_credit'::text, -1::numeric), (current_setting('t.account'), 1::numeric)$$,
    'the credit comes from the house account nbp_credit, and no other account is booked');
select is((select count(*) from other_balances where other_balances.balance <> crm_private.account_balance(other_balances.id)),
          0::bigint, 'no other account''s balance changed in the close-out');
select ok((select count(*) from other_balances where balance > 0) > 50, 'positive control: there are many other funded accounts');

-- the exact level decides: an account at 49.9996 % (shown as 50.00 %) is closed out.
-- A second EUR account of client1 with 5,000 EUR and one DE40 position (quoted in
-- EUR, so no exchange rate is involved) holding 10,000 EUR of margin.
create function pg_temp.margin_account(balance numeric, symbol text, open_price numeric, lots numeric, margin numeric)
returns uuid
language plpgsql
as $$
declare
    new_account_id uuid;
begin
    insert into crm.accounts (tenant_id, client_id, currency, leverage)
    select clients.tenant_id, clients.id, 'EUR', 30 from crm.clients as clients where clients.id = current_setting('t.client1')::uuid
    returning id into new_account_id;
    perform crm_private.post_ledger(
        (select tenant_id from crm.accounts where id = new_account_id), 'adjustment', new_account_id,
        jsonb_build_array(jsonb_build_object('account_id', new_account_id, 'currency', 'EUR', 'amount', margin_account.balance),
                          jsonb_build_object('house_account', 'adjustments', 'currency', 'EUR', 'amount', -margin_account.balance)));
    insert into crm.positions (tenant_id, account_id, symbol, side, lots, open_price, leverage, margin)
    select tenant_id, new_account_id, margin_account.symbol, 'buy', margin_account.lots, margin_account.open_price, 20, margin_account.margin
    from crm.accounts where id = new_account_id;
    return new_account_id;
end
$$;
select set_config('t.exact', pg_temp.margin_account(5000, 'DE40', 18000, 1, 10000)::text, true);
select tests.act_as('feed@crm.demo');
select is(crm_api.set_price('DE40', 18000), 0, 'at exactly 50.00 % (equity 5,000 of 10,000 margin) nothing is closed');
reset role;
select tests.act_as('client1@crm.demo');
select is((select margin_level from crm_api.account_summary(current_setting('t.exact')::uuid)), 50.00::numeric,
          'the summary shows 50.00 %');
reset role;
select tests.act_as('feed@crm.demo');
select crm_api.set_price('DE40', 17999.96);
reset role;
select tests.act_as('client1@crm.demo');
select is((select closed_at is not null and is_stop_out from crm_api.positions where account_id = current_setting('t.exact')::uuid), true,
          'at 49.9996 % (equity 4,999.96; shown rounded as 50.00 %) the position is closed out');
reset role;

-- a new FX rate changes equity too: an account at 51 % with a USD loss is
-- closed out when the USD rate of the day is corrected upwards
select set_config('t.usd', crm_private.eur_rate('USD', current_date)::text, true);
select set_config('t.fx', pg_temp.margin_account(round(10000 * current_setting('t.usd')::numeric + 5100, 2), 'XAUUSD', 2400, 1, 10000)::text, true);
select tests.act_as('feed@crm.demo');
select crm_api.set_price('XAUUSD', 2300);
reset role;
select ok((select margin_level between 50.5 and 51.5 from crm_private.account_state(current_setting('t.fx')::uuid)),
          'with a 10,000 USD loss on gold the account stands at about 51 %');
update crm.fx_rates set eur_per_unit = eur_per_unit + 0.05 where currency = 'USD' and rate_on = current_date - 1 and tenant_id is null;
select is((select count(*) from crm.positions where account_id = current_setting('t.fx')::uuid and closed_at is null), 1::bigint,
          'correcting yesterday''s USD rate changes no equity: the position stays open');
-- the day is the UTC day whatever the session's time zone: east and west of
-- the date line (UTC+14, UTC-11) a rate of the UTC tomorrow changes no equity,
-- a corrected rate of the UTC today closes out
set local timezone = 'Pacific/Kiritimati';
insert into crm.fx_rates (currency, rate_on, eur_per_unit)
values ('USD', current_setting('t.utc_today')::date + 1, current_setting('t.usd')::numeric + 0.05)
on conflict (currency, rate_on, tenant_id) do update set eur_per_unit = excluded.eur_per_unit;
select is((select count(*) from crm.positions where account_id = current_setting('t.fx')::uuid and closed_at is null), 1::bigint,
          'UTC+14: a USD rate of the UTC tomorrow changes no equity: the position stays open');
set local timezone = 'Pacific/Pago_Pago';
update crm.fx_rates set eur_per_unit = eur_per_unit + 0.01 where currency = 'USD' and rate_on = current_setting('t.utc_today')::date + 1 and tenant_id is null;
select is((select count(*) from crm.positions where account_id = current_setting('t.fx')::uuid and closed_at is null), 1::bigint,
          'UTC-11: neither does its correction');
set local timezone = 'Pacific/Kiritimati';
update crm.fx_rates set eur_per_unit = eur_per_unit + 0.05 where currency = 'USD' and rate_on = current_setting('t.utc_today')::date and tenant_id is null;
select is((select count(*) from crm.positions where account_id = current_setting('t.fx')::uuid and closed_at is not null and is_stop_out), 1::bigint,
          'UTC+14: the new USD rate of the UTC today takes the loss to about 46 %: the position is closed out without any price tick');
reset timezone;
-- the same again west of the date line, on a second account at about 51 % at the new rate
select set_config('t.usd', crm_private.eur_rate('USD', current_setting('t.utc_today')::date)::text, true);
select set_config('t.fx_west', pg_temp.margin_account(round(10000 * current_setting('t.usd')::numeric + 5100, 2), 'XAUUSD', 2400, 1, 10000)::text, true);
select ok((select margin_level between 50.5 and 51.5 from crm_private.account_state(current_setting('t.fx_west')::uuid)),
          'the second account stands at about 51 %');
set local timezone = 'Pacific/Pago_Pago';
update crm.fx_rates set eur_per_unit = eur_per_unit + 0.05 where currency = 'USD' and rate_on = current_setting('t.utc_today')::date and tenant_id is null;
select is((select count(*) from crm.positions where account_id = current_setting('t.fx_west')::uuid and closed_at is not null and is_stop_out), 1::bigint,
          'UTC-11: the new USD rate of the UTC today closes it out');
reset timezone;

select * from finish();
rollback;
