-- Roles are cluster-wide, so they are created idempotently; inside the build
-- transaction a failure later on rolls their creation back too.
--
-- authenticator  LOGIN NOINHERIT: PostgREST connects as it and switches to the
--                role named in the JWT; it is granted every API role and no other.
-- anon           requests without a token.
-- worker         the job workers: may only claim, complete and fail jobs.
-- <app>_*        the application roles (API roles) of docs/<app>.md.
-- crm_feed       the brokerage's price feed: a CRM user that may only post
--                mark prices (crm_api.set_price); an API role like the others.
-- <app>_reader   NOLOGIN owner of each application's private read views; row
--                level security is evaluated for it, so the policies decide
--                what every API role sees. Never granted to authenticator.
do $$
declare
    api_roles text[] := array[
        'anon',
        'crm_agent', 'crm_manager', 'crm_compliance', 'crm_finance', 'crm_client', 'crm_ib', 'crm_feed',
        'med_nurse', 'med_aide', 'med_teacher', 'med_guardian', 'med_supervisor',
        'hr_employee', 'hr_manager', 'hr_admin', 'hr_payroll'];
    internal_roles text[] := array['worker', 'crm_reader', 'med_reader', 'hr_reader'];
    r text;
begin
    if not exists (select from pg_catalog.pg_roles where rolname = 'authenticator') then
        create role authenticator login noinherit;
    end if;
    -- PostgREST's sessions run without JIT compilation. The API's reads go
    -- through row level policies whose subplans the planner prices far
    -- above what they cost (millions for a client's few ledger legs), past
    -- jit_above_cost and the inlining and optimizing thresholds: at 4,300
    -- accounts a client's ledger read spent half a second compiling a query
    -- that runs in 19 ms. A role setting applies at login, so it holds for
    -- every request PostgREST serves, whatever role the token names; thick
    -- bench's API scripts run with the same settings (tools/internal/
    -- benchrun). Written only when missing, like the roles: two builds of
    -- the cluster writing one role's settings at once collide (XX000).
    -- Migration 0012 sets it on databases built before.
    if not exists (
        select
        from pg_catalog.pg_db_role_setting as settings
        where settings.setrole = (select roles.oid from pg_catalog.pg_roles as roles where roles.rolname = 'authenticator')
          and settings.setdatabase = 0
          and 'jit=off' = any (settings.setconfig)
    ) then
        alter role authenticator set jit = off;
    end if;
    foreach r in array api_roles || internal_roles loop
        if not exists (select from pg_catalog.pg_roles where rolname = r) then
            execute pg_catalog.format('create role %I nologin', r);
        end if;
    end loop;
    foreach r in array api_roles loop
        -- granted once: granting again only raises a notice on every build
        if not exists (
            select
              from pg_catalog.pg_auth_members as m
              join pg_catalog.pg_roles as g
                on g.oid = m.roleid
              join pg_catalog.pg_roles as u
                on u.oid = m.member
             where g.rolname = r
               and u.rolname = 'authenticator'
        ) then
            execute pg_catalog.format('grant %I to authenticator', r);
        end if;
    end loop;
end
$$;

-- Close the defaults first: no function created from here on is executable
-- by PUBLIC, and nobody may create objects in public.
alter default privileges revoke execute on functions from public;
revoke create on schema public from public;
