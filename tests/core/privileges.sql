-- What core offers every API role (anon and each application role: the
-- roles granted to authenticator): the claims helpers, which the policies
-- and views call as the invoker, and login and me, which each <app>_api
-- wraps. A role without one of them fails on its first request, whether its
-- application exists yet or not. And the declared volatility of the core
-- functions that write where the tests cannot see it.
begin;
select plan(11);

-- the API roles lacking execute on a function
create function pg_temp.lacking(fn regprocedure)
returns name[]
language sql
stable
as $$
    select coalesce(pg_catalog.array_agg(r.rolname order by r.rolname), '{}')
    from pg_catalog.pg_auth_members as m
    join pg_catalog.pg_roles as r on r.oid = m.roleid
    where m.member = 'authenticator'::regrole
      and not pg_catalog.has_function_privilege(r.oid, fn, 'execute')
$$;

select ok((select pg_catalog.count(*) >= 16 from pg_catalog.pg_auth_members where member = 'authenticator'::regrole),
          'authenticator is granted the API roles (anon and the fifteen application roles)');
select is(pg_temp.lacking('core.jwt_claims()'), '{}'::name[], 'every API role may execute core.jwt_claims()');
select is(pg_temp.lacking('core.current_user_id()'), '{}'::name[], 'every API role may execute core.current_user_id()');
select is(pg_temp.lacking('core.current_tenant_id()'), '{}'::name[], 'every API role may execute core.current_tenant_id()');
select is(pg_temp.lacking('core.current_user_role()'), '{}'::name[], 'every API role may execute core.current_user_role()');
select is(pg_temp.lacking('core.login(text, text, text)'), '{}'::name[], 'every API role may execute core.login()');
select is(pg_temp.lacking('core.me()'), '{}'::name[], 'every API role may execute core.me()');

-- the check can fail: a new API role has none of them until granted
create role tap_new_api_role nologin;
grant tap_new_api_role to authenticator;
select is(pg_temp.lacking('core.current_user_id()'), array['tap_new_api_role']::name[],
          'a new API role without the grant is reported');
select ok(not pg_catalog.has_function_privilege('worker', 'core.login(text, text, text)', 'execute'),
          'worker, no API role, may not log in');

-- pg_cron is missing on test servers, so these skip their writes here;
-- where it is installed they write cron.job and must not be routed to a
-- read-only replica
select volatility_is('core', 'schedule', array['text', 'text', 'text'], 'volatile',
                     'core.schedule is volatile (it writes pg_cron''s job table)');
select volatility_is('core', 'unschedule_all', array[]::text[], 'volatile',
                     'core.unschedule_all is volatile (it deletes from pg_cron''s job table)');

select * from finish();
rollback;
