-- thick: alone
-- accept_swap takes the shift before its offer, the order cancel_shift
-- (the shift, then its pending offers) and request_swap take them in: an
-- acceptance that took the offer first and then waited for the shift
-- deadlocked with a cancellation of the shift (40P01).
--
-- The order shows only to another session, so this file runs alone
-- (`thick: alone`: no other file's locks in the way; it commits nothing)
-- and opens a second session through dblink: this session holds the shift of the seed's
-- pending offer, the colleague accepts the offer in the second session and
-- must wait for the shift holding nothing of the offer. Then this session
-- lets go of the shift (rollback to savepoint) and the colleague's
-- transaction is rolled back too.
begin;
select plan(4);

select set_config('t.swap', swaps.id::text, true),
       set_config('t.shift', swaps.shift_id::text, true),
       set_config('t.taker', employees.email, true)
from hr.shift_swaps as swaps
join hr.employees as employees on employees.id = swaps.to_employee_id
where swaps.status = 'requested'
order by swaps.id
limit 1;
select isnt(current_setting('t.swap', true), null, 'the seed holds a pending swap offer to accept');

savepoint held;
select from hr.shifts where id = current_setting('t.shift')::uuid for update;

select tests.start_in_second_session('taker', current_setting('t.taker'),
                                     pg_catalog.format('select hr_api.accept_swap(%L)::text', current_setting('t.swap')));

-- the colleague's session, once it waits for a lock
select set_config('t.taker_pid', tests.second_session_waiting('taker')::text, true);

select ok(tests.waits_for_me(current_setting('t.taker_pid')::int),
          'the colleague''s acceptance waits for the shift this session holds');
select is((select count(*) from tap.pgrowlocks('hr.shift_swaps') as locks
           where locks.pids @> array[current_setting('t.taker_pid')::int]), 0::bigint,
          'and holds no lock on the offer while it waits: the shift comes first');

rollback to savepoint held;
-- the acceptance goes on once the shift is let go; its transaction is
-- rolled back, whatever it answered
select is(tests.end_second_session('taker'), 1::bigint, 'once the shift is let go the acceptance ends');

select * from finish();
rollback;
