-- Structure of the CRM-1 half: tables, forced row level security, policies,
-- who may execute the API functions, and which functions are definer.
begin;
select plan(77);

select has_table('crm', t, 'table crm.' || t || ' exists')
from unnest(array['desks', 'staff', 'ibs', 'country_rules', 'status_transitions', 'clients', 'client_events',
                  'kyc_documents', 'classification_changes', 'aml_rules', 'aml_cases', 'aml_case_deposits', 'fx_rates',
                  'ib_commission_rates', 'ib_rate_overrides', 'commission_rules', 'ib_commissions']) as t;

select is(
    (select array_agg(c.relname::text order by c.relname)
     from pg_catalog.pg_class as c
     where c.relnamespace = 'crm'::regnamespace
       and c.relname in ('desks', 'staff', 'ibs', 'country_rules', 'status_transitions', 'clients', 'client_events',
                         'kyc_documents', 'classification_changes', 'aml_rules', 'aml_cases', 'aml_case_deposits', 'fx_rates',
                         'ib_commission_rates', 'ib_rate_overrides', 'commission_rules', 'ib_commissions')
       and not (c.relrowsecurity and c.relforcerowsecurity)),
    null, 'row level security is enabled and forced on every CRM-1 table');
select is(
    (select array_agg(c.relname::text order by c.relname)
     from pg_catalog.pg_class as c
     where c.relnamespace = 'crm'::regnamespace and c.relkind = 'r'
       and not exists (select from pg_catalog.pg_policy as p where p.polrelid = c.oid)),
    null, 'every crm table has at least one policy');
select is(
    (select count(*) from pg_catalog.pg_policy as p
     where p.polrelid in (select oid from pg_catalog.pg_class where relnamespace = 'crm'::regnamespace) and p.polcmd = '*'),
    0::bigint, 'no policy is FOR ALL');

select policies_are('crm', 'clients', array['clients_select_client', 'clients_select_agent', 'clients_select_manager',
    'clients_select_back_office', 'clients_select_ib'], 'crm.clients has one select policy per audience');
select policies_are('crm', 'kyc_documents', array['kyc_documents_select_kyc_readers'], 'crm.kyc_documents policies');
select policies_are('crm', 'aml_cases', array['aml_cases_select_compliance'], 'crm.aml_cases policies');
select policies_are('crm', 'aml_case_deposits', array['aml_case_deposits_select_compliance'], 'crm.aml_case_deposits policies');
select policies_are('crm', 'client_events', array['client_events_select_followers'], 'crm.client_events policies');
select policies_are('crm', 'ib_commissions', array['ib_commissions_select_ib', 'ib_commissions_select_manager', 'ib_commissions_select_finance'], 'crm.ib_commissions policies');

select is(
    (select count(*) from information_schema.role_table_grants as g
     where g.table_schema = 'crm'
       and g.grantee in ('anon', 'crm_agent', 'crm_manager', 'crm_compliance', 'crm_finance', 'crm_client', 'crm_ib')),
    0::bigint, 'API roles have no privilege on any crm base table');
select is(
    (select array_agg(c.relname::text order by c.relname)
     from pg_catalog.pg_class as c
     where c.relnamespace = 'crm_private'::regnamespace and c.relkind = 'v'
       and c.relname in ('clients', 'kyc_documents', 'client_events', 'aml_cases', 'classification_changes', 'ib_commissions', 'ibs',
                         'report_net_deposits', 'report_funnel', 'report_agent_leaderboard', 'report_kyc_queue')
       and pg_catalog.pg_get_userbyid(c.relowner) <> 'crm_reader'),
    null, 'the private read views are owned by crm_reader');
select is(
    (select array_agg(c.relname::text order by c.relname)
     from pg_catalog.pg_class as c
     where c.relnamespace = 'crm_api'::regnamespace and c.relkind = 'v'
       and c.relname in ('clients', 'kyc_documents', 'client_events', 'aml_cases', 'classification_changes', 'ib_commissions',
                         'report_net_deposits', 'report_funnel', 'report_agent_leaderboard', 'report_kyc_queue')
       and not coalesce('security_invoker=true' = any (c.reloptions), false)),
    null, 'the exposed views are security_invoker');

-- who may execute what
select function_privs_are('crm_api', 'register_lead', array['text', 'text', 'text', 'text', 'text'], 'anon', array['EXECUTE'], 'anon may register a lead');
select function_privs_are('crm_api', 'register_lead', array['text', 'text', 'text', 'text', 'text'], 'crm_agent', array['EXECUTE'], 'an agent may register a lead');
select function_privs_are('crm_api', 'register_lead', array['text', 'text', 'text', 'text', 'text'], 'crm_client', array[]::text[], 'a client may not register a lead');
select function_privs_are('crm_api', 'submit_kyc_document', array['uuid', 'text', 'text', 'date'], 'crm_client', array['EXECUTE'], 'a client may submit KYC');
select function_privs_are('crm_api', 'submit_kyc_document', array['uuid', 'text', 'text', 'date'], 'crm_compliance', array[]::text[], 'compliance may not submit KYC');
select function_privs_are('crm_api', 'submit_kyc_document', array['uuid', 'text', 'text', 'date'], 'crm_finance', array[]::text[], 'finance may not submit KYC');
select function_privs_are('crm_api', 'review_kyc', array['uuid', 'boolean', 'text'], 'crm_compliance', array['EXECUTE'], 'compliance reviews KYC');
select function_privs_are('crm_api', 'review_kyc', array['uuid', 'boolean', 'text'], 'crm_manager', array[]::text[], 'a manager may not review KYC');
select function_privs_are('crm_api', 'review_kyc', array['uuid', 'boolean', 'text'], 'crm_finance', array[]::text[], 'finance may not review KYC');
select function_privs_are('crm_api', 'set_pep', array['uuid', 'boolean'], 'crm_compliance', array['EXECUTE'], 'compliance sets PEP');
select function_privs_are('crm_api', 'set_pep', array['uuid', 'boolean'], 'crm_manager', array[]::text[], 'a manager may not set PEP');
select function_privs_are('crm_api', 'clear_aml_case', array['uuid', 'text', 'numeric'], 'crm_compliance', array['EXECUTE'], 'compliance clears AML cases');
select function_privs_are('crm_api', 'clear_aml_case', array['uuid', 'text', 'numeric'], 'crm_finance', array[]::text[], 'finance may not clear AML cases');
select function_privs_are('crm_api', 'set_classification', array['uuid', 'text', 'text'], 'crm_compliance', array['EXECUTE'], 'compliance classifies');
select function_privs_are('crm_api', 'set_classification', array['uuid', 'text', 'text'], 'crm_agent', array[]::text[], 'an agent may not classify');
select function_privs_are('crm_api', 'assign_client', array['uuid', 'uuid'], 'crm_manager', array['EXECUTE'], 'a manager assigns clients');
select function_privs_are('crm_api', 'assign_client', array['uuid', 'uuid'], 'crm_agent', array[]::text[], 'an agent may not assign clients');
select function_privs_are('crm_private', 'transition_client', array['uuid', 'text', 'text'], 'crm_manager', array[]::text[], 'no API role may call transition_client');
select function_privs_are('crm_private', 'check_aml', array['uuid'], 'crm_finance', array[]::text[], 'no API role may call check_aml');
select function_privs_are('crm_private', 'accrue_ib_commission', array['uuid'], 'crm_ib', array[]::text[], 'no API role may call accrue_ib_commission');

-- definer where they must be, invoker otherwise
select is_definer('crm_api', f, 'crm_api.' || f || ' is security definer')
from unnest(array['register_lead', 'submit_kyc_document', 'review_kyc', 'set_pep', 'clear_aml_case', 'set_classification', 'assign_client']) as f;
select isnt_definer('crm_private', f, 'crm_private.' || f || ' is security invoker')
from unnest(array['transition_client', 'check_aml', 'accrue_ib_commission', 'eur_rate']) as f;
select is(
    (select array_agg(p.proname::text order by p.proname)
     from pg_catalog.pg_proc as p
     where p.pronamespace in ('crm_api'::regnamespace, 'crm_private'::regnamespace)
       and p.prosecdef
       and not coalesce('search_path=""' = any (p.proconfig), false)),
    null, 'every definer function sets search_path to empty');

-- every table of every application schema carries its tenant key, so that
-- tenants can be distributed later (rule and reference tables: null = shared)
select is(
    (select array_agg(c.oid::regclass::text order by c.oid::regclass::text)
     from pg_catalog.pg_class as c
     where c.relnamespace::regnamespace::text in ('crm', 'med', 'hr')
       and c.relkind in ('r', 'p')
       and not exists (select from pg_catalog.pg_attribute as a
                       where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)),
    null, 'every table of crm (and med, hr where built) has a tenant_id column');
select ok((select count(*) from pg_catalog.pg_class as c where c.relnamespace = 'crm'::regnamespace and c.relkind = 'r') >= 25,
    'positive control: the check above covered the crm tables (28 today)');
select col_not_null('crm', 'ib_rate_overrides', 'tenant_id', 'an IB rate override belongs to its IB''s brokerage (not null)');
select has_table('crm', t, 'rule table crm.' || t || ' exists')
from unnest(array['price_tolerances', 'lot_sizes']) as t;

-- the price feed and the end of the lifecycle
select function_privs_are('crm_api', 'set_price', array['text', 'numeric'], 'crm_feed', array['EXECUTE'], 'the price feed posts prices');
select function_privs_are('crm_api', 'set_price', array['text', 'numeric'], 'crm_client', array[]::text[], 'a client may not post prices');
select function_privs_are('crm_api', 'set_price', array['text', 'numeric'], 'crm_finance', array[]::text[], 'finance may not post prices');
select function_privs_are('crm_api', 'close_client', array['uuid', 'text'], 'crm_compliance', array['EXECUTE'], 'compliance closes clients');
select function_privs_are('crm_api', 'close_client', array['uuid', 'text'], 'crm_agent', array[]::text[], 'an agent may not close clients');
select function_privs_are('crm_private', 'enqueue_kyc_expiry_reminders', array['interval'], 'crm_compliance', array[]::text[],
    'no API role may run the re-KYC sweep');
select is_definer('crm_api', f, 'crm_api.' || f || ' is security definer')
from unnest(array['set_price', 'close_client']) as f;
select ok(pg_catalog.pg_has_role('authenticator', 'crm_feed', 'member'), 'authenticator may become the price feed (crm_feed)');

-- functions that write are volatile: a stable one runs on its caller's
-- snapshot, so the writes of the functions it calls (the ledger, the job
-- queue, the lifecycle) are invisible to its own later reads, and PostgREST
-- would run it in a read-only transaction
create temp view writing_functions as
select p.oid::regprocedure::text as name, p.provolatile
from pg_catalog.pg_proc as p
where p.pronamespace in ('crm_private'::regnamespace, 'crm_api'::regnamespace)
  and p.prokind = 'f' and p.prorettype <> 'trigger'::regtype
  and p.prosrc ~* '(\minsert\s+into\M|\mupdate\s+crm\.|\mdelete\s+from\M|\mcore\.enqueue(_many)?\(|\mcrm_private\.(post_ledger|transition_client|mark_dormant|settle_position|protect_negative_balance|enforce_margin|check_aml|accrue_ib_commission)\()';
select is((select array_agg(name order by name) from writing_functions where provolatile <> 'v'), null,
    'every crm function that writes, or calls one that does, is volatile');
select ok((select count(*) from writing_functions) >= 25
          and (select array_agg(name::regprocedure::oid::regproc::text) from writing_functions) @> array[
              'crm_private.enforce_margin', 'crm_private.enqueue_kyc_expiry_reminders', 'crm_private.enqueue_monthly_statements',
              'crm_private.mark_dormant', 'crm_private.mark_dormant_clients', 'crm_private.protect_negative_balance'],
    'positive control: the check above covered the sweeps, the close-out and the writing API functions (28 today)');

select * from finish();
rollback;
