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

create function tests.waits_for_me(pid int)
returns boolean
language sql
volatile
set search_path = ''
as $$
    with recursive blockers (pid) as (
        select pg_catalog.unnest(pg_catalog.pg_blocking_pids(waits_for_me.pid))
        union
        select pg_catalog.unnest(pg_catalog.pg_blocking_pids(blockers.pid)) from blockers
    )
    select pg_catalog.pg_backend_pid() in (select blockers.pid from blockers)
$$;
comment on function tests.waits_for_me(int) is
'Whether the session of server process pid waits for a lock this session holds, directly or queued behind sessions that wait for it in turn (pg_blocking_pids, followed): a runner that does not keep a lock suite alone (pg_prove -j 2) may let another file''s session queue for the same row first.';
grant execute on function tests.waits_for_me(int) to public;

-- A second session, for the suites that show which lock a call waits for
-- (the order of two locks shows only to another session). Such a suite is
-- a `-- thick: alone` file, so that no other file's locks are in the way;
-- thick mutate gives it a database of its own with the mutant committed,
-- which the second session must see.
create extension if not exists dblink with schema tap;
grant execute on all functions in schema tap to public;

create function tests.open_second_session(name text)
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
    -- a conninfo value in single quotes: a project path may hold spaces
    socket text := pg_catalog.btrim(pg_catalog.split_part(pg_catalog.current_setting('unix_socket_directories'), ',', 1));
    fits boolean;
begin
    -- the connection of this name an earlier file of this session closed
    -- (tests.close_second_session keeps it, reset): taken again when it is
    -- on this database as this user, its caches warm
    if open_second_session.name = any (coalesce(tap.dblink_get_connections(), '{}')) then
        begin
            select r.here into fits
            from tap.dblink(open_second_session.name,
                            pg_catalog.format('select pg_catalog.current_database() = %L and session_user = %L',
                                              pg_catalog.current_database(), current_user)) as r (here boolean);
        exception when others then
            fits := false;
        end;
        if fits then
            return;
        end if;
        perform tap.dblink_disconnect(open_second_session.name);
    end if;
    perform tap.dblink_connect(open_second_session.name, pg_catalog.format(
        'host=%s port=%s dbname=%s user=%s application_name=%s',
        tests.conninfo_value(socket), pg_catalog.current_setting('port'), tests.conninfo_value(pg_catalog.current_database()),
        tests.conninfo_value(current_user), tests.conninfo_value('tests ' || open_second_session.name)));
end
$$;
comment on function tests.open_second_session(text) is
'Opens a dblink connection called name to this database, as this user, over the server''s own socket; its application_name is ''tests <name>'' (tests.second_session_waiting finds it by that). A connection of that name this session kept (tests.close_second_session) is taken again when it is on this database as this user: a new one costs a server process and cold caches, about 50 ms a file. Close it with tests.close_second_session(name), or tap.dblink_disconnect(name).';

create function tests.conninfo_value(v text)
returns text
language sql
immutable
set search_path = ''
as $$
    select '''' || pg_catalog.replace(pg_catalog.replace(conninfo_value.v, '\', '\\'), '''', '\''') || ''''
$$;
comment on function tests.conninfo_value(text) is 'A libpq conninfo value in single quotes, its backslashes and quotes escaped.';

create function tests.second_session_waiting(name text)
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
    waiting int;
begin
    -- 10 s at most; pg_stat_activity is read afresh each time, every
    -- millisecond (the second session waits a few milliseconds after its
    -- call was sent: a 10 ms pause cost most calls 10 ms)
    for i in 1 .. 10000 loop
        perform pg_catalog.pg_stat_clear_snapshot();
        select activity.pid
        into waiting
        from pg_catalog.pg_stat_activity as activity
        where activity.application_name = 'tests ' || second_session_waiting.name
          and activity.wait_event_type = 'Lock';
        exit when waiting is not null;
        perform pg_catalog.pg_sleep(0.001);
    end loop;
    return waiting;
end
$$;
comment on function tests.second_session_waiting(text) is
'The process id of the second session called name once it waits for a lock (polled for 10 s at most), null when it never does.';

create function tests.start_in_second_session(name text, email text, call text)
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
    perform tests.open_second_session(start_in_second_session.name);
    perform tap.dblink_exec(start_in_second_session.name, 'begin');
    perform tap.dblink_exec(start_in_second_session.name, 'set local lock_timeout = ''20s''');
    perform from tap.dblink(start_in_second_session.name,
                            pg_catalog.format('select tests.act_as(%L)::text', start_in_second_session.email)) as r (done text);
    perform tap.dblink_send_query(start_in_second_session.name, start_in_second_session.call);
end
$$;
comment on function tests.start_in_second_session(text, text, text) is
'Opens the second session called name, begins a transaction in it (waiting 20 s at most for a lock), acts there as the user of that e-mail and sends call without waiting for it: a query of one text column (end it with ::text). tests.end_second_session collects its answer.';

create function tests.close_second_session(name text)
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
    perform from tap.dblink_get_result(close_second_session.name, false) as r (answer text);  -- the end of the results
    perform tap.dblink_exec(close_second_session.name, 'rollback');
    -- kept for the next file of this session that opens a connection of
    -- this name, reset as discard all resets a session (its cached plans
    -- aside, which change no answer): no transaction, lock, setting, role,
    -- temporary table or prepared statement of this file left in it
    begin
        perform tap.dblink_exec(close_second_session.name,
            'close all; set session authorization default; reset role; reset all; deallocate all; unlisten *; '
            'select pg_catalog.pg_advisory_unlock_all(); discard sequences; discard temp');
    exception when others then
        perform tap.dblink_disconnect(close_second_session.name);
    end;
end
$$;
comment on function tests.close_second_session(text) is
'Once the answer of the second session called name was read: reads the end of its results, rolls its transaction back and resets the session as discard all does (but for its cached plans), keeping the connection for the next file of this session that opens one of this name (tests.open_second_session; a runner that gives every file a new session, as pg_prove does, ends it with the file). A connection that cannot be reset is closed.';

create function tests.end_second_session(name text)
returns bigint
language plpgsql
volatile
set search_path = ''
as $$
declare
    answers bigint;
begin
    select pg_catalog.count(*) into answers
    from tap.dblink_get_result(end_second_session.name, false) as r (answer text);
    perform tests.close_second_session(end_second_session.name);
    return answers;
end
$$;
comment on function tests.end_second_session(text) is
'Waits for the call tests.start_in_second_session sent (after this session let go of what it held), rolls the second session''s transaction back, closes it, and returns the rows of the call''s answer: 1 when it answered, 0 when it failed.';

create function tests.sqlstate_of(statement text)
returns text
language plpgsql
volatile
set search_path = ''
as $$
begin
    execute sqlstate_of.statement;
    return '00000';
exception when others then
    return sqlstate;
end
$$;
comment on function tests.sqlstate_of(text) is
'The SQLSTATE statement ends with, ''00000'' when it succeeds (its effects kept): the call a second session makes when the test needs the code of its error, which dblink does not return (tests.start_in_second_session(name, email, pg_catalog.format(''select tests.sqlstate_of(%L)'', ...)), then tests.end_second_session_answer).';

create function tests.end_second_session_answer(name text)
returns text
language plpgsql
volatile
set search_path = ''
as $$
declare
    answer text;
begin
    select r.answer into answer
    from tap.dblink_get_result(end_second_session_answer.name, false) as r (answer text)
    limit 1;
    perform tests.close_second_session(end_second_session_answer.name);
    return answer;
end
$$;
comment on function tests.end_second_session_answer(text) is
'tests.end_second_session returning the answer of the call itself (its first row''s one column), null when the call failed.';

grant execute on function tests.open_second_session(text), tests.conninfo_value(text), tests.second_session_waiting(text),
    tests.start_in_second_session(text, text, text), tests.end_second_session(text),
    tests.sqlstate_of(text), tests.end_second_session_answer(text) to public;
