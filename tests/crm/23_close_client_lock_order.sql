-- thick: alone
-- close_client takes the client's row (after the accounts' rows) before it
-- checks for open positions, pending withdrawals and money. It used to check
-- first and take the row only to close: an account opened while it waited
-- for the accounts' rows, and funded by a deposit that held the client's row
-- (not yet committed, so the balance check saw 0), was closed with the
-- money on it (review 3, finding 2).
--
-- The order shows only to another session, so this file runs alone (it
-- commits nothing): this session holds the client's row as a deposit in
-- flight does, compliance closes the client in a second session
-- (tests.start_in_second_session), which must wait for the row before any
-- check: no lock on crm.positions or crm.withdrawals yet (reading them takes
-- one). Then this session lets go and the second session's close, which
-- now checks, is refused (the client holds money) and rolled back.
begin;
select plan(8);

select set_config('t.client', clients.id::text, true)
from crm.clients as clients
join core.tenants as tenants on tenants.id = clients.tenant_id
where tenants.app = 'crm' and tenants.name = 'Demo Brokerage'
  and clients.status = 'active'
  -- a client no other file touches (see 21_classification_lock.sql)
  and not exists (select from core.users as users where users.id = clients.user_id and users.email like '%.demo')
  and exists (select from crm.accounts as accounts
              where accounts.client_id = clients.id and crm_private.account_balance(accounts.id) > 0)
  -- and no open position: a price tick (set_price, in other files) locks
  -- every account holding the symbol, and under a runner that does not keep
  -- this file alone (pg_prove -j 2) close_client would wait for that lock,
  -- not for this session's
  and not exists (select from crm.positions as positions
                  join crm.accounts as accounts on accounts.id = positions.account_id
                  where accounts.client_id = clients.id and positions.closed_at is null)
order by clients.id
limit 1;
select isnt(current_setting('t.client', true), null, 'the seed holds an active client of the demo brokerage with money');

savepoint held;
select from crm.clients where id = current_setting('t.client')::uuid for update;

select tests.start_in_second_session('closer', 'compliance@crm.demo', pg_catalog.format(
    'select crm_api.close_client(%L, ''client asked to close'')::text', current_setting('t.client')));

select set_config('t.closer_pid', coalesce(tests.second_session_waiting('closer'), 0)::text, true);
select ok(tests.waits_for_me(current_setting('t.closer_pid')::int),
          'close_client waits for the client''s row this session holds (as a deposit in flight does)');
select is((select count(*) from pg_catalog.pg_locks as locks
           where locks.pid = current_setting('t.closer_pid')::int
             and locks.relation in ('crm.positions'::regclass, 'crm.withdrawals'::regclass)), 0::bigint,
          'before it checked positions and withdrawals: it checks what the deposit committed');
select is((select count(*) from pg_catalog.pg_locks as locks
           where locks.pid = current_setting('t.closer_pid')::int
             and locks.relation = 'crm.client_events'::regclass), 0::bigint,
          'and before it wrote anything');

-- a second close of the same client queues behind the first (for the
-- accounts' rows it holds): tests.waits_for_me follows the queue to this
-- session, where pg_blocking_pids names only the first close
select tests.start_in_second_session('closer2', 'compliance@crm.demo', pg_catalog.format(
    'select crm_api.close_client(%L, ''client asked to close'')::text', current_setting('t.client')));
select set_config('t.closer2_pid', coalesce(tests.second_session_waiting('closer2'), 0)::text, true);
select is(pg_catalog.pg_blocking_pids(current_setting('t.closer2_pid')::int), array[current_setting('t.closer_pid')::int],
          'a second close waits for the first one, not directly for this session');
select ok(tests.waits_for_me(current_setting('t.closer2_pid')::int),
          'and, behind it, for this session''s row (tests.waits_for_me follows the queue)');

rollback to savepoint held;
select is(tests.end_second_session('closer'), 0::bigint,
          'once the row is let go it checks, and refuses: the client holds money');
select is(tests.end_second_session('closer2'), 0::bigint, 'and so is the second close, after the first');

select * from finish();
rollback;
