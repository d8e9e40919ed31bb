-- The suites that prove a function holds a row until its transaction ends
-- (so that two calls at once wait for each other instead of both passing a
-- limit) read the row locks of their own session with pgrowlocks. The lock
-- order itself shows only to a second session (tests/hr/17_swap_lock_order.sql).
create extension if not exists pgrowlocks with schema tap;
grant execute on all functions in schema tap to public;

create function tests.my_row_locks(rel regclass, id uuid)
returns text[]
language plpgsql
volatile
set search_path = ''
as $$
declare
    row_ctid tid;
    modes text[];
begin
    execute pg_catalog.format('select ctid from %s where id = $1', my_row_locks.rel)
    into row_ctid
    using my_row_locks.id;
    select locks.modes
    into modes
    from tap.pgrowlocks(my_row_locks.rel::text) as locks
    where locks.locked_row = row_ctid
      and pg_catalog.pg_backend_pid() = any (locks.pids);
    return modes;
end
$$;
comment on function tests.my_row_locks(regclass, uuid) is
'The modes of the row lock this session holds on the row of rel whose id is id (For Update, For No Key Update, For Share, For Key Share, ...), null for none. Reads pgrowlocks, so only locks taken outside a subtransaction (not inside throws_ok or lives_ok) show under this session''s process. Call it as the superuser.';

create function tests.hr_run_waits_for_me(hotel text)
returns boolean
language sql
volatile
set search_path = ''
as $$
    select coalesce(tests.my_row_locks('hr.hotels', tests.hr_hotel_id(hr_run_waits_for_me.hotel))
                    && array['For Share', 'Share', 'For No Key Update', 'No Key Update', 'For Update', 'Update'], false)
$$;
comment on function tests.hr_run_waits_for_me(text) is
'Whether this session holds a lock on the hotel''s row that run_payroll''s lock for no key update waits for (anything but a foreign key''s key share).';

grant execute on function tests.my_row_locks(regclass, uuid), tests.hr_run_waits_for_me(text) to public;
