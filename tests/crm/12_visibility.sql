-- Who sees what on clients, KYC documents, AML cases and the event log:
-- every role, each "sees nothing" beside a positive control.
begin;
select plan(48);

create temp table ids (k text primary key, id uuid);
grant all on ids to public;
insert into ids select 'client1', id from crm.clients where email = 'client1@crm.demo';
insert into ids select 'client2', id from crm.clients where email = 'client2@crm.demo';
insert into ids select 'other', id from crm.clients where email = 'client@other-crm.demo';
-- an AML case on client1
select tests.act_as('compliance@crm.demo');
select crm_api.set_pep((select id from ids where k = 'client1'), true);

-- client
select tests.act_as('client1@crm.demo');
select results_eq($$select id from crm_api.clients$$, $$select id from ids where k = 'client1'$$, 'a client sees exactly its own client row');
select ok((select count(*) from crm_api.kyc_documents where file_name is not null) = 2, 'a client sees its own documents with file names');
select is((select count(*) from crm_api.kyc_documents where client_id <> (select id from ids where k = 'client1')), 0::bigint, 'a client sees no other client''s documents');
select ok((select count(*) from crm_api.client_events) > 0, 'a client sees its own lifecycle events');
select is((select count(*) from crm_api.client_events where client_id <> (select id from ids where k = 'client1')), 0::bigint, 'a client sees no other client''s events');
select is((select count(*) from crm_api.aml_cases), 0::bigint, 'a client sees no AML case, not even its own');
select is((select is_pep from crm_api.clients), null::boolean, 'a client never sees its own PEP flag (client1 is flagged)');
select tests.act_as('client2@crm.demo');
select results_eq($$select id from crm_api.clients$$, $$select id from ids where k = 'client2'$$, 'client2 sees only itself');
select is((select count(*) from crm_api.kyc_documents), 0::bigint, 'client2 sees no documents (client1''s exist)');

-- agent
select tests.act_as('agent1@crm.demo');
select ok(exists (select from crm_api.clients where id = (select id from ids where k = 'client1')), 'agent1 sees its assigned client1');
select is((select count(*) from crm_api.clients where agent_id is distinct from core.current_user_id()), 0::bigint, 'an agent sees only assigned clients');
select is((select count(*) from crm_api.clients where id = (select id from ids where k = 'client2')), 0::bigint, 'agent1 does not see agent2''s client2');
select is((select count(*) from crm_api.kyc_documents where client_id = (select id from ids where k = 'client1')), 2::bigint, 'an agent sees the documents of its client');
select is((select count(*) from crm_api.kyc_documents where file_name is not null), 0::bigint, 'an agent never sees document file names');
select ok((select count(*) from crm_api.client_events where client_id = (select id from ids where k = 'client1')) > 0, 'an agent sees its client''s events');
select is((select count(*) from crm_api.client_events where client_id = (select id from ids where k = 'client2')), 0::bigint, 'an agent sees no events of other agents'' clients');
select is((select count(*) from crm_api.aml_cases), 0::bigint, 'an agent sees no AML case');

-- manager
select tests.act_as('manager@crm.demo');
select is((select count(*) from crm_api.clients where id in (select id from ids where k in ('client1', 'client2'))), 2::bigint, 'the manager sees the whole desk');
select ok((select count(*) from crm_api.kyc_documents where file_name is not null) > 0, 'the manager sees documents with file names');
select is((select count(*) from crm_api.aml_cases), 0::bigint, 'the manager sees no AML case, not even of the desk''s clients (compliance does: below)');
select ok((select count(*) from crm_api.client_events) > 0, 'the manager sees the desk''s events');

-- compliance
select tests.act_as('compliance@crm.demo');
select is((select count(*) from crm_api.clients where id in (select id from ids where k in ('client1', 'client2'))), 2::bigint, 'compliance sees the brokerage''s clients');
select ok((select count(*) from crm_api.kyc_documents where file_name is not null) > 0, 'compliance sees documents with file names');
select ok((select count(*) from crm_api.aml_cases where client_id = (select id from ids where k = 'client1')) = 1, 'compliance sees AML cases, client1''s among them');
select ok((select count(*) from crm_api.client_events) > 0, 'compliance sees events');

-- finance
select tests.act_as('finance@crm.demo');
select ok((select count(*) from crm_api.clients) > 0, 'finance sees the brokerage''s clients');
select is((select count(*) from crm_api.kyc_documents), 0::bigint, 'finance sees no KYC documents');
select is((select count(*) from crm_api.aml_cases), 0::bigint, 'finance sees no AML cases');
select is((select count(*) from crm_api.client_events), 0::bigint, 'finance sees no lifecycle events');

-- IB
select tests.act_as('ib1@crm.demo');
select results_eq($$select full_name, email from crm_api.clients where id = (select id from ids where k = 'client1')$$,
    $$values ('C. S.'::text, 'c***@crm.demo'::text)$$, 'an IB sees its referred client with name and e-mail masked');
select is((select count(*) from crm_api.clients where ib_id is distinct from (select ib_id from crm_api.clients where id = (select id from ids where k = 'client1'))), 0::bigint,
    'an IB sees only clients of its subtree');
select is((select count(*) from crm_api.clients where id = (select id from ids where k = 'client2')), 0::bigint, 'an IB does not see a client it did not refer');
select is((select count(*) from crm_api.kyc_documents), 0::bigint, 'an IB sees no KYC documents');
select is((select count(*) from crm_api.aml_cases), 0::bigint, 'an IB sees no AML cases');
select is((select count(*) from crm_api.client_events), 0::bigint, 'an IB sees no lifecycle events');
select results_eq($$select status, is_pep, country, classification, agent_id from crm_api.clients where id = (select id from ids where k = 'client1')$$,
    $$values ('funded'::text, null::boolean, null::text, null::text, null::uuid)$$,
    'an IB sees the status of its client, never the PEP flag, country, classification or agent');
select tests.act_as('compliance@crm.demo');
select is((select is_pep from crm_api.clients where id = (select id from ids where k = 'client1')), true,
    'positive control: compliance sees client1''s PEP flag');
select tests.act_as('manager@crm.demo');
select results_eq($$select is_pep, country from crm_api.clients where id = (select id from ids where k = 'client1')$$,
    $$values (true, 'DE'::text)$$, 'positive control: the desk''s manager sees the flag and the country');

-- the other brokerage
select tests.act_as('manager@other-crm.demo');
select results_eq($$select id from crm_api.clients$$, $$select id from ids where k = 'other'$$, 'the other brokerage''s manager sees only its own client');
select is((select count(*) from crm_api.kyc_documents where client_id <> (select id from ids where k = 'other')), 0::bigint, 'the other brokerage sees none of our documents');
select is((select count(*) from crm_api.aml_cases), 0::bigint, 'the other brokerage sees none of our AML cases');
select is((select count(*) from crm_api.client_events where client_id <> (select id from ids where k = 'other')), 0::bigint, 'the other brokerage sees none of our events');
select tests.act_as('client@other-crm.demo');
select results_eq($$select id from crm_api.clients$$, $$select id from ids where k = 'other'$$, 'the other brokerage''s client sees only itself');

-- anonymous: no access at all
select tests.act_as_anon();
select throws_ok($$select count(*) from crm_api.clients$$, '42501', null, 'anon may not read clients');
select throws_ok($$select count(*) from crm_api.kyc_documents$$, '42501', null, 'anon may not read KYC documents');
select throws_ok($$select count(*) from crm_api.aml_cases$$, '42501', null, 'anon may not read AML cases');
select throws_ok($$select count(*) from crm_api.client_events$$, '42501', null, 'anon may not read events');

-- a forged token (a role that is not the user's) sees nothing
reset role;
insert into ids select 'client1_user', user_id from crm.clients where email = 'client1@crm.demo';
select tests.act_as_claims(jsonb_build_object('role', 'crm_compliance', 'sub', (select id from ids where k = 'client1_user')::text));
select is((select count(*) from crm_api.clients), 0::bigint, 'a token whose role is not the user''s sees no client');

select * from finish();
rollback;
