-- Core's row level security policies at the tables themselves: the
-- <app>_reader roles (the owners of each application's private read views)
-- read core.tenants, core.users, core.audit_log, core.jobs and core.documents
-- only within the acting user's tenant (6_security/core/core.sql). The API
-- views and functions add their own tenant filters, so no other suite would
-- notice a policy that let every row through: here each reader reads each
-- table directly, acting as a user of its application's tenant, and must see
-- that tenant's rows (the positive control) and not one row of any other
-- tenant (rows without a tenant included), nor any row at all without a
-- tenant in the claims.
--
-- How: tests.rows_seen (tests/setup/020_policies.sql) counts, table by
-- table, the rows the calling role sees of the acting tenant (own), without
-- a tenant (defaults) and of every other tenant (others); core.tenants
-- counts by its id. Read as the test superuser it shows that the rows to
-- hide exist; read as each reader it must give own > 0, defaults = 0 and
-- others = 0 for every table, compared whole in one assertion per reader.
--
-- Fixtures, written as the test superuser: one tenant per application, each
-- with one user, one audit log row, one job and one stored document, so that
-- every table holds rows of the acting tenant and rows of two others (the
-- seed's tenants, when a seed is loaded, are further rows to hide).
--
-- core.audit_log and core.jobs are granted to no reader today (the policies
-- exist for a future grant, says core.sql): this transaction grants select on
-- them to the three readers, so that the policies are what decides; the
-- grant is rolled back with the rest.
begin;
select plan(5);

do $$
declare
    apps text[] := array['crm', 'med', 'hr'];
    roles name[] := array['crm_agent', 'med_nurse', 'hr_employee'];
    tenant uuid;
    user_id uuid;
    job bigint;
begin
    for i in 1 .. 3 loop
        insert into core.tenants (app, name) values (apps[i], 'Core Policies Tests') returning id into tenant;
        user_id := core.create_user(tenant, 'policies.' || apps[i] || '@core.test', 'Policies ' || apps[i], roles[i]);
        insert into core.audit_log (tenant_id, table_name, row_key, operation, new_row, user_id)
        values (tenant, apps[i] || '.policies_test', pg_catalog.jsonb_build_object('id', 1), 'INSERT', '{}', user_id);
        insert into core.jobs (tenant_id, queue, kind, payload)
        values (tenant, 'mailer', 'mailer.policies_test', '{}')
        returning id into job;
        insert into core.documents (tenant_id, app, kind, subject_table, subject_id, job_id, file_name, content, sha256)
        values (tenant, apps[i], 'policies_test', apps[i] || '.policies_test', gen_random_uuid(), job, 'policies.pdf',
                pg_catalog.convert_to('%PDF-1.3' || pg_catalog.chr(10) || '%%EOF', 'UTF8'),
                pg_catalog.encode(extensions.digest('policies', 'sha256'), 'hex'));
        perform pg_catalog.set_config('tap.tenant_' || apps[i], tenant::text, true);
    end loop;
end
$$;

grant select on core.audit_log, core.jobs to crm_reader, med_reader, hr_reader;

-- the hidden rows exist: read as the superuser (no policy applies), every
-- core table holds rows of the CRM test tenant (what the positive control
-- finds) and rows of other tenants or without a tenant (what must be hidden)
select is_empty($$
    select name
    from tests.rows_seen('{core.audit_log,core.documents,core.jobs,core.tenants,core.users}',
                         current_setting('tap.tenant_crm')::uuid)
    where own = 0 or defaults + others = 0
$$, 'every core table holds rows of the CRM test tenant and rows of other tenants or without a tenant');

-- 1.-3. each reader, acting as the user of its application's tenant: its
-- tenant's rows of every table (own), and not one row of another tenant
-- (others) nor without a tenant (defaults)
select tests.act_as('policies.crm@core.test');
set local role crm_reader;
select set_eq($$select name, own > 0 as has_own, defaults, others
                from tests.rows_seen('{core.audit_log,core.documents,core.jobs,core.tenants,core.users}',
                                     current_setting('tap.tenant_crm')::uuid)$$,
              $$values ('core.audit_log', true, 0::bigint, 0::bigint), ('core.documents', true, 0::bigint, 0::bigint),
                       ('core.jobs', true, 0::bigint, 0::bigint), ('core.tenants', true, 0::bigint, 0::bigint),
                       ('core.users', true, 0::bigint, 0::bigint)$$,
              'crm_reader sees its tenant''s rows of every core table, and none of another tenant nor without a tenant');
select tests.act_as('policies.med@core.test');
set local role med_reader;
select set_eq($$select name, own > 0 as has_own, defaults, others
                from tests.rows_seen('{core.audit_log,core.documents,core.jobs,core.tenants,core.users}',
                                     current_setting('tap.tenant_med')::uuid)$$,
              $$values ('core.audit_log', true, 0::bigint, 0::bigint), ('core.documents', true, 0::bigint, 0::bigint),
                       ('core.jobs', true, 0::bigint, 0::bigint), ('core.tenants', true, 0::bigint, 0::bigint),
                       ('core.users', true, 0::bigint, 0::bigint)$$,
              'med_reader sees its tenant''s rows of every core table, and none of another tenant nor without a tenant');
select tests.act_as('policies.hr@core.test');
set local role hr_reader;
select set_eq($$select name, own > 0 as has_own, defaults, others
                from tests.rows_seen('{core.audit_log,core.documents,core.jobs,core.tenants,core.users}',
                                     current_setting('tap.tenant_hr')::uuid)$$,
              $$values ('core.audit_log', true, 0::bigint, 0::bigint), ('core.documents', true, 0::bigint, 0::bigint),
                       ('core.jobs', true, 0::bigint, 0::bigint), ('core.tenants', true, 0::bigint, 0::bigint),
                       ('core.users', true, 0::bigint, 0::bigint)$$,
              'hr_reader sees its tenant''s rows of every core table, and none of another tenant nor without a tenant');

-- 4. without a tenant in the claims (an anonymous request) a reader sees
-- nothing; the same reads with a tenant see rows (1. to 3.)
select tests.act_as_anon();
set local role crm_reader;

select set_eq($$select name, own + defaults + others
                from tests.rows_seen('{core.audit_log,core.documents,core.jobs,core.tenants,core.users}', null)$$,
              $$values ('core.audit_log', 0::bigint), ('core.documents', 0::bigint), ('core.jobs', 0::bigint),
                       ('core.tenants', 0::bigint), ('core.users', 0::bigint)$$,
              'crm_reader without a tenant sees no row of any core table');

select * from finish();
rollback;
