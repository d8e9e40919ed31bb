-- thick: alone
-- TRUNCATE of the audit log is refused to everyone, the superuser too (a
-- trigger). A truncate first waits for every open transaction that wrote
-- audit rows, and every writer then queues behind it: on a database the
-- suites share, this file runs while no other does (the mark above).
begin;
select plan(2);

select set_config('t.rows', (select pg_catalog.count(*)::text from core.audit_log), true);
select cmp_ok(current_setting('t.rows')::bigint, '>', 0::bigint, 'the seed left audit rows');
select throws_ok('truncate core.audit_log', '42501', 'the audit log is append-only: TRUNCATE refused',
    'the superuser cannot truncate the audit log (42501), and the rows stay');

select * from finish();
rollback;
