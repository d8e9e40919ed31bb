-- Roles are cluster-wide, so they are created idempotently; inside the build
-- transaction a failure later on rolls their creation back too.
--
-- authenticator  LOGIN NOINHERIT: PostgREST connects as it and switches to the
--                role named in the JWT; it is granted every API role and no other.
-- anon           requests without a token.
-- worker         the job workers: may only claim, complete and fail jobs.
-- <app>_*        the application roles of DOMAINS.md (API roles).
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
