-- The roles of the three applications, and what authenticator (PostgREST's login role)
-- may become: exactly the API roles, never worker, the readers or a
-- superuser.
begin;
select plan(33);

create function pg_temp.api_roles()
returns name[]
language sql
immutable
as $$
    select array['anon',
                 'crm_agent', 'crm_manager', 'crm_compliance', 'crm_finance', 'crm_client', 'crm_ib', 'crm_feed',
                 'med_nurse', 'med_aide', 'med_teacher', 'med_guardian', 'med_supervisor',
                 'hr_employee', 'hr_manager', 'hr_admin', 'hr_payroll']::name[]
$$;

-- every API role exists
select has_role('authenticator', 'role authenticator exists');
select has_role('anon', 'role anon exists');
select has_role('worker', 'role worker exists');
select ok(not exists (select from pg_catalog.unnest(pg_temp.api_roles()) as r
                      where not exists (select from pg_catalog.pg_roles as p where p.rolname = r)),
          'every API role exists (anon, the six crm roles and the price feed crm_feed, five med, four hr roles)');
select has_role('crm_agent', 'role crm_agent exists');
select has_role('crm_manager', 'role crm_manager exists');
select has_role('crm_compliance', 'role crm_compliance exists');
select has_role('crm_finance', 'role crm_finance exists');
select has_role('crm_client', 'role crm_client exists');
select has_role('crm_ib', 'role crm_ib exists');
select has_role('med_nurse', 'role med_nurse exists');
select has_role('med_aide', 'role med_aide exists');
select has_role('med_teacher', 'role med_teacher exists');
select has_role('med_guardian', 'role med_guardian exists');
select has_role('med_supervisor', 'role med_supervisor exists');
select has_role('hr_employee', 'role hr_employee exists');
select has_role('hr_manager', 'role hr_manager exists');
select has_role('hr_admin', 'role hr_admin exists');
select has_role('hr_payroll', 'role hr_payroll exists');

-- authenticator: LOGIN NOINHERIT, nothing more
select ok((select rolcanlogin and not rolinherit from pg_catalog.pg_roles where rolname = 'authenticator'),
          'authenticator is LOGIN NOINHERIT');
select ok((select not (rolsuper or rolbypassrls or rolcreaterole or rolcreatedb or rolreplication)
           from pg_catalog.pg_roles where rolname = 'authenticator'),
          'authenticator is not superuser and may not bypass RLS, create roles or databases, or replicate');
select ok((select 'jit=off' = any (settings.setconfig)
           from pg_catalog.pg_db_role_setting as settings
           where settings.setrole = (select oid from pg_catalog.pg_roles where rolname = 'authenticator')
             and settings.setdatabase = 0),
          'authenticator logs in with jit off: the policies'' estimates would compile the API''s reads');
select set_eq(
    $$select r.rolname
      from pg_catalog.pg_auth_members as m
      join pg_catalog.pg_roles as r on r.oid = m.roleid
      where m.member = 'authenticator'::regrole$$,
    'select r from pg_catalog.unnest(pg_temp.api_roles()) as r',
    'authenticator is a member of exactly the API roles (anon and every application role)');
select ok(not pg_catalog.pg_has_role('authenticator', 'worker', 'member'),
          'authenticator is not a member of worker');
select ok(not exists (select from pg_catalog.pg_roles as r
                      where r.rolname like '%\_reader'
                        and pg_catalog.pg_has_role('authenticator', r.oid, 'member')),
          'authenticator is not a member of any <app>_reader role');
select ok(not exists (select from pg_catalog.pg_roles as r
                      where (r.rolsuper or r.rolbypassrls)
                        and pg_catalog.pg_has_role('authenticator', r.oid, 'member')),
          'authenticator cannot become a superuser or a role that bypasses RLS, even indirectly');

-- the roles it may become cannot log in, escalate or bypass row level security
select ok(not exists (select from pg_catalog.pg_roles as r
                      where r.rolname = any (pg_temp.api_roles() || array['worker', 'crm_reader', 'med_reader', 'hr_reader']::name[])
                        and (r.rolcanlogin or r.rolsuper or r.rolbypassrls or r.rolcreaterole or r.rolcreatedb)),
          'the API roles, worker and the readers are NOLOGIN, not superuser, and cannot bypass RLS or create roles or databases');
select ok(not exists (select from pg_catalog.pg_auth_members as m
                      where m.member in (select r.oid from pg_catalog.pg_roles as r
                                         where r.rolname = any (pg_temp.api_roles() || array['worker']::name[]))),
          'no API role and not worker is a member of another role (nothing is inherited)');
select ok(exists (select from pg_catalog.pg_roles where rolname in ('crm_reader', 'med_reader', 'hr_reader')
                  having pg_catalog.count(*) = 3),
          'the reader roles crm_reader, med_reader and hr_reader exist');

-- as PostgREST: logged in as authenticator, switch to an API role, never to
-- another one (SET ROLE is checked against the session user, so the session
-- becomes authenticator first, as PostgREST's connection is)
set local session authorization authenticator;
select lives_ok('set local role crm_client', 'authenticator may switch to an API role (crm_client)');
select throws_ok('set local role postgres', '42501', null, 'authenticator may not switch to postgres');
select throws_ok('set local role worker', '42501', null, 'authenticator may not switch to worker');
select throws_ok('set local role crm_reader', '42501', null, 'authenticator may not switch to crm_reader');
reset role;
reset session authorization;

select * from finish();
rollback;
