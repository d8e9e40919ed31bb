-- Security invariants of every application, read from the catalog, so that a
-- new table, view or function of any application is covered the day it is
-- written. Each check is a function returning the offenders (empty when the
-- database is sound); each is then shown able to fail: an offending object is
-- created inside this rolled-back transaction and the check must report
-- exactly it.
begin;
select plan(25);

-- The offenders below go into the CRM's schemas. A tree without the CRM
-- (a core-only build) gets them here, and they count as application schemas.
create temp table suite_schemas (name name);
do $$
declare
    s name;
begin
    foreach s in array array['crm', 'crm_api', 'crm_private']::name[] loop
        if pg_catalog.to_regnamespace(s) is null then
            execute pg_catalog.format('create schema %I', s);
            insert into suite_schemas values (s);
        end if;
    end loop;
end
$$;

-- The application schemas: those the harness recorded in thick.marker
-- (minus extensions), or, without a marker, the project's naming scheme.
create function pg_temp.app_schemas()
returns setof name
language plpgsql
stable
as $$
begin
    if pg_catalog.to_regclass('thick.marker') is not null then
        return query execute $q$
            select n.nspname
            from pg_catalog.pg_namespace as n
            where n.nspname <> 'extensions'
              and n.nspname in (select pg_catalog.unnest(m.schemas) from thick.marker as m
                                union all
                                select name from suite_schemas)
        $q$;
    else
        return query
            select n.nspname
            from pg_catalog.pg_namespace as n
            where n.nspname in ('core', 'crm', 'med', 'hr')
               or n.nspname like '%\_api'
               or n.nspname like '%\_private';
    end if;
end
$$;

-- The exposed schemas: <app>_api.
create function pg_temp.exposed_schemas()
returns setof name
language sql
stable
as $$
    select s from pg_temp.app_schemas() as s where s like '%\_api'
$$;

-- The API roles: anon and every application role, i.e. the roles granted to
-- authenticator (PostgREST may switch to exactly these).
create function pg_temp.api_roles()
returns setof name
language sql
stable
as $$
    select r.rolname
    from pg_catalog.pg_auth_members as m
    join pg_catalog.pg_roles as r on r.oid = m.roleid
    where m.member = (select a.oid from pg_catalog.pg_roles as a where a.rolname = 'authenticator')
$$;

-- Objects that belong to an extension are the extension's business.
create function pg_temp.is_extension_member(classid regclass, objid oid)
returns boolean
language sql
stable
as $$
    select exists (
        select from pg_catalog.pg_depend as d
        where d.classid = is_extension_member.classid
          and d.objid = is_extension_member.objid
          and d.deptype = 'e')
$$;

-- 1. Every table of an application schema has row level security enabled and
--    forced, and at least one policy.
create function pg_temp.tables_without_forced_rls()
returns setof text
language sql
stable
as $$
    select pg_catalog.format('%s: %s', c.oid::regclass,
               pg_catalog.array_to_string(array[
                   case when not c.relrowsecurity then 'row level security not enabled' end,
                   case when not c.relforcerowsecurity then 'not forced' end,
                   case when not exists (select from pg_catalog.pg_policy as p where p.polrelid = c.oid) then 'no policy' end],
               ', '))
    from pg_catalog.pg_class as c
    join pg_catalog.pg_namespace as n on n.oid = c.relnamespace
    where n.nspname in (select pg_temp.app_schemas())
      and c.relkind in ('r', 'p')
      and not pg_temp.is_extension_member('pg_catalog.pg_class', c.oid)
      and (not c.relrowsecurity
           or not c.relforcerowsecurity
           or not exists (select from pg_catalog.pg_policy as p where p.polrelid = c.oid))
$$;

-- 2. Every view of an exposed schema is security_invoker, so that row level
--    security is evaluated for the caller and not for the view's owner.
create function pg_temp.views_without_security_invoker()
returns setof text
language sql
stable
as $$
    select c.oid::regclass::text
    from pg_catalog.pg_class as c
    join pg_catalog.pg_namespace as n on n.oid = c.relnamespace
    where n.nspname in (select pg_temp.exposed_schemas())
      and c.relkind = 'v'
      and not exists (
          select from pg_catalog.pg_options_to_table(c.reloptions) as o
          where o.option_name = 'security_invoker'
            and pg_catalog.lower(o.option_value) in ('true', 'on', 'yes', '1'))
$$;

-- 3. Every security definer function pins search_path to ''.
create function pg_temp.definers_without_empty_search_path()
returns setof text
language sql
stable
as $$
    select p.oid::regprocedure::text
    from pg_catalog.pg_proc as p
    join pg_catalog.pg_namespace as n on n.oid = p.pronamespace
    where n.nspname in (select pg_temp.app_schemas())
      and p.prosecdef
      and not pg_temp.is_extension_member('pg_catalog.pg_proc', p.oid)
      and not coalesce(p.proconfig @> array['search_path=""'], false)
$$;

-- 4. No security definer function is executable by anon, except the ones an
--    anonymous request needs, listed here by name.
create function pg_temp.definers_executable_by_anon()
returns setof text
language sql
stable
as $$
    select p.oid::regprocedure::text
    from pg_catalog.pg_proc as p
    join pg_catalog.pg_namespace as n on n.oid = p.pronamespace
    where n.nspname in (select pg_temp.app_schemas())
      and p.prosecdef
      and not pg_temp.is_extension_member('pg_catalog.pg_proc', p.oid)
      and pg_catalog.has_function_privilege('anon', p.oid, 'execute')
      and n.nspname || '.' || p.proname not in (
          -- identity: every request, anonymous ones included, asks who it is
          'core.current_user_id', 'core.current_tenant_id', 'core.current_user_role',
          -- the acting employee's department and hr role (null for anon):
          -- policies of the public hr job postings call them, so anonymous
          -- reads need them
          'hr_private.current_department_id', 'hr_private.acting_role',
          -- login, and me (which answers 42501 to anon)
          'core.login', 'core.me',
          'crm_api.login', 'med_api.login', 'hr_api.login',
          'crm_api.me', 'med_api.me', 'hr_api.me',
          -- the public forms (register_lead, apply_for_job)
          'crm_api.register_lead',
          'hr_api.apply_for_job')
$$;

-- 5. No function of a project schema is executable by PUBLIC (a missing ACL
--    means the default one, which grants PUBLIC).
create function pg_temp.functions_executable_by_public()
returns setof text
language sql
stable
as $$
    select p.oid::regprocedure::text
    from pg_catalog.pg_proc as p
    join pg_catalog.pg_namespace as n on n.oid = p.pronamespace
    where n.nspname in (select pg_temp.app_schemas())
      and not pg_temp.is_extension_member('pg_catalog.pg_proc', p.oid)
      and exists (
          select from pg_catalog.aclexplode(coalesce(p.proacl, pg_catalog.acldefault('f', p.proowner))) as a
          where a.grantee = 0
            and a.privilege_type = 'EXECUTE')
$$;

-- 6. No API role holds any privilege (table-wide or on a column) on a base
--    table, a materialized view or a foreign table: clients reach views and
--    functions only.
create function pg_temp.api_role_table_privileges()
returns setof text
language sql
stable
as $$
    select pg_catalog.format('%s on %s', r.role_name, c.oid::regclass)
    from pg_catalog.pg_class as c
    join pg_catalog.pg_namespace as n on n.oid = c.relnamespace
    cross join pg_temp.api_roles() as r (role_name)
    where n.nspname in (select pg_temp.app_schemas())
      and c.relkind in ('r', 'p', 'm', 'f')
      and not pg_temp.is_extension_member('pg_catalog.pg_class', c.oid)
      and (pg_catalog.has_table_privilege(r.role_name, c.oid, 'select, insert, update, delete, truncate, references, trigger')
           or pg_catalog.has_any_column_privilege(r.role_name, c.oid, 'select, insert, update, references'))
$$;

-- The checks' inputs are what we think they are.
select ok((select pg_catalog.array_agg(s) from pg_temp.app_schemas() as s) @> array['core', 'crm', 'crm_api']::name[],
   'the application schemas include core, crm and crm_api');
select ok(not exists (select from pg_temp.app_schemas() as s where s in ('extensions', 'tap', 'tests', 'public', 'pg_catalog')),
   'the application schemas leave out extensions, pgTAP, the test helpers and the system schemas');
select ok((select pg_catalog.array_agg(r) from pg_temp.api_roles() as r) @> array['anon', 'crm_agent', 'crm_manager', 'crm_compliance', 'crm_finance', 'crm_client', 'crm_ib',
              'med_nurse', 'med_aide', 'med_teacher', 'med_guardian', 'med_supervisor',
              'hr_employee', 'hr_manager', 'hr_admin', 'hr_payroll']::name[],
        'the API roles (members of authenticator) include anon and every application role');

-- What each check reports before the offenders below exist: the database
-- as built, which must be sound, and what the proofs below leave out, so
-- that they hold even while the suite is red. (Each check runs once here:
-- over the catalog of every application, they are this file's cost.)
create temp table before_rls as select * from pg_temp.tables_without_forced_rls() as r;
create temp table before_views as select * from pg_temp.views_without_security_invoker() as r;
create temp table before_path as select * from pg_temp.definers_without_empty_search_path() as r;
create temp table before_anon as select * from pg_temp.definers_executable_by_anon() as r;
create temp table before_public as select * from pg_temp.functions_executable_by_public() as r;
create temp table before_privs as select * from pg_temp.api_role_table_privileges() as r;

-- The database as built is sound.
select is_empty('select * from before_rls',
    'every table of an application schema has row level security enabled and forced, and a policy');
select is_empty('select * from before_views',
    'every view of an exposed schema (<app>_api) is security_invoker');
select is_empty('select * from before_path',
    'every security definer function sets search_path to ''''');
select is_empty('select * from before_anon',
    'no security definer function is executable by anon, except login, me, identity and the public forms');
select is_empty('select * from before_public',
    'no function of a project schema is executable by PUBLIC');
select is_empty('select * from before_privs',
    'no API role has any privilege on a base table');

-- 1. tables: one without row level security, one enabled but not forced, one
--    forced without a policy, and a sound one beside them.
create table crm.tap_no_rls (id int);
create table crm.tap_not_forced (id int);
alter table crm.tap_not_forced enable row level security;
create table crm.tap_no_policy (id int);
alter table crm.tap_no_policy enable row level security;
alter table crm.tap_no_policy force row level security;
create table crm.tap_sound (id int);
alter table crm.tap_sound enable row level security;
alter table crm.tap_sound force row level security;
create policy tap_sound_select_anyone on crm.tap_sound for select using (true);

select set_eq(
    'select * from pg_temp.tables_without_forced_rls() except all select * from before_rls',
    array['crm.tap_no_rls: row level security not enabled, not forced, no policy',
          'crm.tap_not_forced: not forced, no policy',
          'crm.tap_no_policy: no policy'],
    'the table check reports a table without row level security, one not forced and one without a policy, and only them');

-- 2. views: a plain view and one explicitly security_invoker = false in
--    crm_api are reported; an invoker view in crm_api and a plain view in a
--    schema that is not exposed are not.
create view crm_api.tap_definer_view as select 1 as x;
create view crm_api.tap_invoker_off with (security_invoker = false) as select 1 as x;
create view crm_api.tap_invoker_view with (security_invoker) as select 1 as x;
create view crm_private.tap_private_view as select 1 as x;

select set_eq(
    'select * from pg_temp.views_without_security_invoker() except all select * from before_views',
    array['crm_api.tap_definer_view', 'crm_api.tap_invoker_off'],
    'the view check reports exactly the crm_api views that are not security_invoker');

-- 3. a definer function without search_path, one with a non-empty one, and a
--    sound one.
create function crm_private.tap_definer_no_path() returns int language sql security definer as 'select 1';
create function crm_private.tap_definer_public_path() returns int language sql security definer set search_path = public as 'select 1';
create function crm_private.tap_definer_sound() returns int language sql security definer set search_path = '' as 'select 1';
revoke execute on function crm_private.tap_definer_no_path(), crm_private.tap_definer_public_path(), crm_private.tap_definer_sound() from public;

select set_eq(
    'select * from pg_temp.definers_without_empty_search_path() except all select * from before_path',
    array['crm_private.tap_definer_no_path()', 'crm_private.tap_definer_public_path()'],
    'the search_path check reports exactly the definer functions that do not set search_path to ''''');

-- 4. a sound definer function granted to anon is reported; the same granted
--    to crm_client only is not; an invoker function granted to anon is not.
create function crm_api.tap_definer_for_anon() returns int language sql security definer set search_path = '' as 'select 1';
create function crm_api.tap_definer_for_client() returns int language sql security definer set search_path = '' as 'select 1';
create function crm_api.tap_invoker_for_anon() returns int language sql set search_path = '' as 'select 1';
revoke execute on function crm_api.tap_definer_for_anon(), crm_api.tap_definer_for_client(), crm_api.tap_invoker_for_anon() from public;
grant execute on function crm_api.tap_definer_for_anon(), crm_api.tap_invoker_for_anon() to anon;
grant execute on function crm_api.tap_definer_for_client() to crm_client;

select set_eq(
    'select * from pg_temp.definers_executable_by_anon() except all select * from before_anon',
    array['crm_api.tap_definer_for_anon()'],
    'the anon check reports exactly the unlisted definer function anon may execute');

-- 5. a function granted to PUBLIC, and one whose ACL is the default (created
--    with the default privileges restored, as a careless build would).
create function crm_private.tap_granted_to_public() returns int language sql set search_path = '' as 'select 1';
grant execute on function crm_private.tap_granted_to_public() to public;
alter default privileges grant execute on functions to public;
create function crm_private.tap_default_acl() returns int language sql set search_path = '' as 'select 1';
alter default privileges revoke execute on functions from public;
create function crm_private.tap_revoked() returns int language sql set search_path = '' as 'select 1';

select is((select p.proacl from pg_catalog.pg_proc as p where p.oid = 'crm_private.tap_default_acl()'::regprocedure), null,
   'a function created under the default privileges of PostgreSQL has the default ACL (the case the check must read as PUBLIC)');
select set_eq(
    'select * from pg_temp.functions_executable_by_public() except all select * from before_public',
    array['crm_private.tap_default_acl()', 'crm_private.tap_granted_to_public()'],
    'the PUBLIC check reports exactly the functions PUBLIC may execute, the default ACL included');

-- 6. grants to API roles on base tables: table-wide, on one column, and to
--    PUBLIC (which every API role holds); a grant to a non-API role is not
--    reported.
-- (on this suite's own tables, so that no other suite running beside it
-- waits on a lock of core's tables)
grant select on crm.tap_sound to anon;
grant update (id) on crm.tap_not_forced to crm_client;
create table crm.tap_public_table (id int);
grant select on crm.tap_public_table to public;
grant select on crm.tap_no_policy to worker;

select set_eq(
    $$select r from pg_temp.api_role_table_privileges() as r where r not like '% on crm.tap\_public\_table'
      except all select r from before_privs$$,
    array['anon on crm.tap_sound', 'crm_client on crm.tap_not_forced'],
    'the privilege check reports a table-wide grant to anon and a column grant to crm_client, and not a grant to worker');
select set_eq(
    $$select r from pg_temp.api_role_table_privileges() as r where r like '% on crm.tap\_public\_table'$$,
    $$select r || ' on crm.tap_public_table' from pg_temp.api_roles() as r$$,
    'a grant to PUBLIC is reported for every API role');

-- the security definer functions of core are definer, as their comments say
select is_definer('core', 'current_user_id', array[]::name[], 'core.current_user_id() is security definer');
select is_definer('core', 'login', array['text', 'text', 'text'], 'core.login() is security definer');
select is_definer('core', 'audit', array[]::name[], 'core.audit() is security definer');
select is_definer('core', 'claim_jobs', array['text', 'text', 'integer', 'interval'], 'core.claim_jobs() is security definer');
select isnt_definer('core', 'jwt_claims', array[]::name[], 'core.jwt_claims() is security invoker');
select isnt_definer('core', 'create_user', array['uuid', 'text', 'text', 'name', 'text'], 'core.create_user() is security invoker');

-- the closed default: functions created by the build owner are not PUBLIC's
select ok(exists (
       select from pg_catalog.pg_default_acl as d
       where d.defaclobjtype = 'f'
         and d.defaclnamespace = 0
         and d.defaclrole = (select oid from pg_catalog.pg_roles where rolname = current_user)
         and not exists (select from pg_catalog.aclexplode(d.defaclacl) as a where a.grantee = 0)),
   'the build revoked execute on functions from PUBLIC by default');
select ok(not pg_catalog.has_schema_privilege('public', 'public', 'create'),
   'PUBLIC may not create objects in schema public');

select * from finish();
rollback;
