-- thick: alone
-- set_classification reads the client's classification under the client's
-- row lock (crm_private.lock_client) before it logs the change: two
-- changes of one client at once used to read 'retail' both, and both log
-- 'retail to professional'. The second now waits and gets PT409.
--
-- The wait shows only to another session, so this file runs alone
-- (`thick: alone`: no other file's locks in the way; it commits nothing): this session holds the
-- client's row, compliance changes the classification in a second session
-- (tests.start_in_second_session), which must wait for the row before it wrote
-- anything: no lock on crm.classification_changes yet (the log's insert
-- would take one). Then this session lets go (rollback to savepoint) and
-- the second session's transaction is rolled back too.
begin;
select plan(4);

select set_config('t.client', clients.id::text, true)
from crm.clients as clients
join core.tenants as tenants on tenants.id = clients.tenant_id
where tenants.app = 'crm' and tenants.name = 'Demo Brokerage'
  and clients.classification = 'retail' and clients.status <> 'closed'
  -- a client no other file touches: under pg_prove, which knows nothing of
  -- `thick: alone`, the files beside this one write the demo logins'
  -- clients and the first client by id (crm/90), and the change waited
  -- for their locks instead of this session's
  and not exists (select from core.users as users where users.id = clients.user_id and users.email like '%.demo')
order by clients.id desc
limit 1;
select isnt(current_setting('t.client', true), null, 'the seed holds a retail client of the demo brokerage');

savepoint held;
select from crm.clients where id = current_setting('t.client')::uuid for update;

select tests.start_in_second_session('classifier', 'compliance@crm.demo', pg_catalog.format(
    'select crm_api.set_classification(%L, ''professional'', ''portfolio over 500,000 EUR, 10 years in finance'')::text',
    current_setting('t.client')));

select set_config('t.classifier_pid', tests.second_session_waiting('classifier')::text, true);
select ok(tests.waits_for_me(current_setting('t.classifier_pid')::int),
          'the change of classification waits for the client''s row this session holds');
select is((select count(*) from pg_catalog.pg_locks as locks
           where locks.pid = current_setting('t.classifier_pid')::int
             and locks.relation = 'crm.classification_changes'::regclass), 0::bigint,
          'and has written no log row yet: it reads the classification under the lock');

rollback to savepoint held;
select is(tests.end_second_session('classifier'), 1::bigint, 'once the row is let go the change ends');

select * from finish();
rollback;
