-- The functions a row level policy calls are planned once per session, not
-- at every statement. PostgreSQL 15 plans the body of an SQL function at
-- each statement that calls it unless it inlines it, and it never inlines a
-- security definer function or one with a SET clause: a policy helper
-- written in SQL (a guardian's children, a client's accounts) was planned
-- again for every read of every table whose policy called it (0.4 ms a call
-- for med_private.current_child_ids). In PL/pgSQL its statements keep their
-- plans for the session. Read from the catalog, so a new helper is covered
-- the day it is written; then shown able to fail.
begin;
select plan(4);

-- the functions a policy's expression names (pg_depend records them), but
-- PostgreSQL's and the extensions' own
create function pg_temp.policy_helpers()
returns table (helper regprocedure, language name, inlinable boolean)
language sql
stable
as $$
    select distinct procs.oid::regprocedure,
           languages.lanname,
           not procs.prosecdef and procs.proconfig is null
    from pg_catalog.pg_depend as deps
    join pg_catalog.pg_proc as procs on procs.oid = deps.refobjid
    join pg_catalog.pg_language as languages on languages.oid = procs.prolang
    where deps.classid = 'pg_catalog.pg_policy'::regclass
      and deps.refclassid = 'pg_catalog.pg_proc'::regclass
      and procs.pronamespace <> 'pg_catalog'::regnamespace
      and not exists (
          select
          from pg_catalog.pg_depend as ext
          where ext.classid = 'pg_catalog.pg_proc'::regclass
            and ext.objid = procs.oid
            and ext.deptype = 'e')
$$;

-- the helpers planned again at every statement
create function pg_temp.replanned_policy_helpers()
returns setof regprocedure
language sql
stable
as $$
    select helpers.helper
    from pg_temp.policy_helpers() as helpers
    where helpers.language = 'sql'
      and not helpers.inlinable
$$;

select ok((select pg_catalog.count(*) from pg_temp.policy_helpers() where language = 'plpgsql') >= 3,
    'the policies'' helpers are read from the catalog (control: core''s current user, role and tenant at least)');
select is_empty('select h::text from pg_temp.replanned_policy_helpers() as h',
    'no policy calls an SQL function that is planned again at every statement (security definer or SET, so never inlined)');

-- an offender: an SQL security definer helper named by a policy
create function core.tap_replanned_helper()
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
    select null::uuid
$$;
create temp table tap_guarded (owner_id uuid);
alter table tap_guarded enable row level security;
create policy tap_guarded_owner on tap_guarded
for select
using (owner_id = (select core.tap_replanned_helper()));

select set_eq('select h::text from pg_temp.replanned_policy_helpers() as h',
    array['core.tap_replanned_helper()'],
    'the check reports an SQL security definer helper a policy calls, and only it');

-- the same body in SQL without definer or SET may be inlined: not reported
create function core.tap_inlined_helper()
returns uuid
language sql
stable
as $$
    select null::uuid
$$;
create policy tap_guarded_inlined on tap_guarded
for select
using (owner_id = core.tap_inlined_helper());

select set_eq('select h::text from pg_temp.replanned_policy_helpers() as h',
    array['core.tap_replanned_helper()'],
    'an SQL helper the planner may inline is not reported');

select * from finish();
rollback;
