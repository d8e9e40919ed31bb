-- thick: alone
-- A termination and a clock-in or punch edit of the same employee at once:
-- hr_api.terminate_employee holds the employee's row for update, and
-- clock_in and edit_punch take the row for key share before they check the
-- termination date, so each waits for the other and then reads what it
-- wrote. A clock-in that took no lock of its own would still wait, but only
-- at its punch's foreign key, after its checks had passed on the row as it
-- was before the termination; an edit would not wait at all.
--
-- The order shows only to another session, so this file runs alone (no
-- other file's locks in the way; it commits nothing) and opens a second
-- session through dblink: this session holds the employee's row as a
-- termination does, the second session clocks in (or a manager edits a
-- punch) and must wait for it having written no punch yet. Then this session
-- lets go of the row and the second session's transaction is rolled back.
begin;
select plan(5);

select set_config('t.emp', employees.id::text, true)
from hr.employees as employees
where employees.email = 'emp1@hr.demo';
select set_config('t.punch', punches.id::text, true)
from hr.punches as punches
where punches.employee_id = current_setting('t.emp')::uuid
  and punches.clock_out_at is not null
order by punches.clock_in_at desc
limit 1;
select isnt(current_setting('t.punch', true), null, 'the seed holds a closed punch of emp1 to edit');

-- What the second session does is observed while this one holds the row,
-- and asserted once the savepoint is rolled back to let go of it: an
-- assertion made inside would be taken back from pgTAP's count with the
-- rest (finish() would say fewer ran), while a sequence keeps its value
-- (bit 1: it waits for this session; bit 2: it wrote no punch yet).
create temp sequence clock_seen minvalue 0;
create temp sequence edit_seen minvalue 0;

-- a clock-in
savepoint held;
select from hr.employees where id = current_setting('t.emp')::uuid for update;
select tests.start_in_second_session('clock', 'emp1@hr.demo', 'select hr_api.clock_in()::text');
select set_config('t.clock_pid', coalesce(tests.second_session_waiting('clock'), 0)::text, true);
select setval('clock_seen',
    (tests.waits_for_me(current_setting('t.clock_pid')::int))::int
    + 2 * (not exists (select from pg_catalog.pg_locks as locks
                       where locks.pid = current_setting('t.clock_pid')::int and locks.relation = 'hr.punches'::regclass
                         and locks.mode = 'RowExclusiveLock'))::int);
rollback to savepoint held;
select tests.end_second_session('clock');
select ok(currval('clock_seen') & 1 = 1, 'a clock-in waits for the employee''s row that a termination holds');
select ok(currval('clock_seen') & 2 = 2,
          'before it writes its punch (so it checks the termination date once the termination committed)');

-- a punch edit by the department's manager
savepoint held;
select from hr.employees where id = current_setting('t.emp')::uuid for update;
select tests.start_in_second_session('edit', 'manager.frontdesk@hr.demo',
    (select pg_catalog.format('select hr_api.edit_punch(%L, %L, %L, ''left early'')::text',
                              punches.id, punches.clock_in_at, punches.clock_out_at - interval '1 minute')
     from hr.punches as punches
     where punches.id = current_setting('t.punch')::uuid));
select set_config('t.edit_pid', coalesce(tests.second_session_waiting('edit'), 0)::text, true);
select setval('edit_seen',
    (tests.waits_for_me(current_setting('t.edit_pid')::int))::int
    + 2 * (not exists (select from pg_catalog.pg_locks as locks
                       where locks.pid = current_setting('t.edit_pid')::int and locks.relation = 'hr.punches'::regclass
                         and locks.mode = 'RowExclusiveLock'))::int);
rollback to savepoint held;
select tests.end_second_session('edit');
select ok(currval('edit_seen') & 1 = 1, 'a punch edit waits for the employee''s row that a termination holds');
select ok(currval('edit_seen') & 2 = 2, 'before it writes the punch');

select * from finish();
rollback;
