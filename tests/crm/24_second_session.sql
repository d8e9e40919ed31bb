-- thick: alone
-- The second session of the lock suites (tests/setup/040_row_locks.sql):
-- once closed (tests.end_second_session) it is rolled back and reset as
-- discard all resets a session, and kept, idle, for the next file of this
-- session that opens one of the same name, which takes the same server
-- process again. (Under pg_prove every file has a session of its own, and
-- the second session ends with it. A kept session that died is replaced:
-- TestSecondSessionHelpers, in Go, which costs no suite a new process.)
-- Alone as the lock suites are; it commits nothing.
begin;
select plan(5);

-- a first use leaves a session-level advisory lock behind in it, which
-- outlives its transaction's rollback
select tests.start_in_second_session('probe', 'compliance@crm.demo',
    'select pg_catalog.pg_backend_pid()::text || pg_catalog.pg_advisory_lock(4711)::text');
select set_config('t.pid', tests.end_second_session_answer('probe'), true);
select isnt(current_setting('t.pid'), null, 'the second session answered with its process id');

select pg_catalog.pg_stat_clear_snapshot();
select is((select activity.state from pg_catalog.pg_stat_activity as activity
           where activity.pid = current_setting('t.pid')::int), 'idle',
          'closed, it is kept: idle, outside a transaction');
select ok(pg_catalog.pg_try_advisory_lock(4711) and pg_catalog.pg_advisory_unlock(4711),
          'reset: the session-level lock it took is no longer held');

-- taken again, by another user, and waiting for this session's lock as a
-- new second session would
select pg_catalog.pg_advisory_lock(4712);
select tests.start_in_second_session('probe', 'finance@crm.demo',
    'select pg_catalog.pg_backend_pid()::text || '' '' || current_user::text || pg_catalog.pg_advisory_xact_lock(4712)::text');
select is(tests.second_session_waiting('probe'), current_setting('t.pid')::int,
          'the next use takes the same process, which waits for this session''s lock (found by its name)');
select pg_catalog.pg_advisory_unlock(4712);
select is(tests.end_second_session_answer('probe'), current_setting('t.pid') || ' crm_finance',
          'and answers once the lock is let go, acting as the new user');

select * from finish();
rollback;
