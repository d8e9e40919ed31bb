-- Margin call, close-out and negative balance protection (crm_api.set_price).
-- client1's EUR account (10,000 EUR, 1:30) buys 3 lots of AUDUSD at 0.66 and
-- 0.1 lot of EURCHF; the seed's generated clients trade neither symbol.
begin;
select plan(20);

select set_config('t.client1', (select clients.id::text from crm.clients as clients where clients.email = 'client1@crm.demo'), true);
select set_config('t.account', (select accounts.id::text from crm.accounts as accounts
                                 where accounts.client_id = current_setting('t.client1')::uuid), true);

select tests.act_as('client1@crm.demo');
select set_config('t.aud', crm_api.open_position(current_setting('t.account')::uuid, 'AUDUSD', 'buy', 3, 0.66)::text, true);
select set_config('t.chf', crm_api.open_position(current_setting('t.account')::uuid, 'EURCHF', 'buy', 0.1, 0.95)::text, true);

-- who may feed prices
select throws_ok($$select crm_api.set_price('AUDUSD', 0.65)$$, '42501', null, 'a client may not set prices (42501)');
reset role;
select tests.act_as('finance@crm.demo');
select throws_ok($$select crm_api.set_price('AUDUSD', 0.65)$$, '42501', null, 'finance may not set prices (42501)');
reset role;
select tests.act_as('manager@crm.demo');
select throws_ok($$select crm_api.set_price('XXXYYY', 1)$$, '22023', null, 'an unknown symbol is 22023');
select throws_ok($$select crm_api.set_price('AUDUSD', 0)$$, '22023', null, 'a price of zero is 22023');

-- a healthy tick: nothing happens
select is(crm_api.set_price('AUDUSD', 0.67), 0, 'a tick in the client''s favour closes nothing');
select is((select mark_price from crm_api.instruments where symbol = 'AUDUSD'), 0.67::numeric, 'the tick is the new mark price');
reset role;
select is((select count(*) from core.jobs where kind = 'mailer.margin_call' and payload ->> 'account_id' = current_setting('t.account')),
          0::bigint, 'no margin call while the margin level is above 100 %');

-- the other brokerage's price feed does not touch this brokerage
select tests.act_as('manager@other-crm.demo');
select is(crm_api.set_price('AUDUSD', 0.30), 0, 'the other brokerage''s tick closes none of our positions');
reset role;
select is((select closed_at from crm.positions where id = current_setting('t.aud')::uuid), null,
          'client1''s AUDUSD position is still open after the other brokerage''s tick');

-- margin call zone: between 50 % and 100 %
select tests.act_as('manager@crm.demo');
select is(crm_api.set_price('AUDUSD', 0.64), 0, 'at 0.64 the margin level is below 100 % but above 50 %: nothing is closed');
select ok((select margin_level between 50 and 100 from crm_api.account_summary(current_setting('t.account')::uuid)),
          'the margin level is between 50 and 100 %');
select crm_api.set_price('AUDUSD', 0.639);
reset role;
select is((select count(*) from core.jobs where kind = 'mailer.margin_call' and payload ->> 'account_id' = current_setting('t.account')),
          1::bigint, 'one margin call is queued, and a second tick the same day queues no second one');

-- snapshot every other account's balance before the close-out
create temporary table other_balances on commit drop as
select accounts.id, crm_private.account_balance(accounts.id) as balance
from crm.accounts as accounts
where accounts.id <> current_setting('t.account')::uuid;

-- close-out: equity far below 50 % of the used margin, balance negative
select tests.act_as('manager@crm.demo');
select is(crm_api.set_price('AUDUSD', 0.60), 2, 'at 0.60 both of the account''s positions are closed out');
reset role;
select results_eq(
    $$select symbol, close_price, is_stop_out from crm.positions where id in (current_setting('t.aud')::uuid, current_setting('t.chf')::uuid) order by symbol$$,
    $$values ('AUDUSD'::text, 0.60::numeric, true), ('EURCHF'::text, 0.95::numeric, true)$$,
    'each position is closed at its mark price (the open price without one) and marked as a stop-out');
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

select * from finish();
rollback;
