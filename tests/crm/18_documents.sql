-- Rendered documents: crm_api.documents lists, and crm_api.document_content
-- serves, the PDFs whose subject row the caller may see (a receipt follows
-- its withdrawal, a statement its account). The documents are stored here
-- as the pdfgen worker would store them.
begin;
select plan(26);

create temp table ids (k text primary key, id uuid);
grant all on ids to public;
insert into ids select 'client1', id from crm.clients where email = 'client1@crm.demo';
insert into ids select 'account1', id from crm.accounts where client_id = (select id from ids where k = 'client1');
insert into ids select 'other_account', accounts.id from crm.accounts join crm.clients on clients.id = accounts.client_id
                where clients.email = 'client@other-crm.demo';
select tests.act_as('client1@crm.demo');
insert into ids select 'withdrawal1', crm_api.request_withdrawal((select id from ids where k = 'account1'), 250);
select tests.act_as('finance@crm.demo');
select crm_api.decide_withdrawal((select id from ids where k = 'withdrawal1'), true);
reset role;

create function pg_temp.store(app text, tenant uuid, kind text, subject_table text, subject_id uuid, job_id bigint)
returns uuid
language sql
as $$
    insert into core.documents (tenant_id, app, kind, subject_table, subject_id, job_id, file_name, content, sha256)
    values (store.tenant, store.app, store.kind, store.subject_table, store.subject_id, store.job_id,
            store.kind || '-' || store.subject_id || '.pdf',
            convert_to('%PDF-1.7 ' || store.kind || ' ' || store.subject_id, 'UTF8'),
            encode(sha256(convert_to('%PDF-1.7 ' || store.kind || ' ' || store.subject_id, 'UTF8')), 'hex'))
    returning id
$$;
insert into ids select 'receipt', pg_temp.store('crm', tenant_id, 'withdrawal_receipt', 'crm.withdrawals', id, -101)
                from crm.withdrawals where id = (select id from ids where k = 'withdrawal1');
insert into ids select 'statement', pg_temp.store('crm', tenant_id, 'monthly_statement', 'crm.accounts', id, -102)
                from crm.accounts where id = (select id from ids where k = 'account1');
insert into ids select 'other_statement', pg_temp.store('crm', tenant_id, 'monthly_statement', 'crm.accounts', id, -103)
                from crm.accounts where id = (select id from ids where k = 'other_account');
-- a document of another application about a row of the same id: never the CRM's
insert into ids select 'foreign_app', pg_temp.store('hr', tenant_id, 'payslip', 'hr.payslips', id, -104)
                from crm.accounts where id = (select id from ids where k = 'account1');

-- the client: both of its documents, with their bytes
select tests.act_as('client1@crm.demo');
select set_eq($$select id from crm_api.documents$$, $$select id from ids where k in ('receipt', 'statement')$$,
              'the client sees its withdrawal receipt and its statement, nothing else');
select is(substr(crm_api.document_content((select id from ids where k = 'receipt')), 1, 5), convert_to('%PDF-', 'UTF8'),
          'the receipt''s content is a PDF');
select is(encode(sha256(crm_api.document_content((select id from ids where k = 'statement'))), 'hex'),
          (select sha256 from crm_api.documents where id = (select id from ids where k = 'statement')),
          'the statement''s bytes match the listed sha256');
select throws_ok($$select crm_api.document_content((select id from ids where k = 'other_statement'))$$,
                 'PT404', null, 'another brokerage''s client''s statement is PT404');
select throws_ok($$select crm_api.document_content((select id from ids where k = 'foreign_app'))$$,
                 'PT404', null, 'another application''s document is PT404, even about a row of the same id');

-- another client: nothing
select tests.act_as('client2@crm.demo');
select is((select count(*) from crm_api.documents), 0::bigint, 'another client sees no document');
select throws_ok($$select crm_api.document_content((select id from ids where k = 'receipt'))$$,
                 'PT404', null, 'nor reads client1''s receipt (PT404)');

-- the agent: the statement of its client's account, not the receipt (agents see no withdrawals)
select tests.act_as('agent1@crm.demo');
select set_eq($$select id from crm_api.documents where id in (select id from ids)$$, $$select id from ids where k = 'statement'$$,
              'client1''s agent sees the statement of the account, not the withdrawal receipt');
select throws_ok($$select crm_api.document_content((select id from ids where k = 'receipt'))$$,
                 'PT404', null, 'and cannot read the receipt (PT404)');
select tests.act_as('agent2@crm.demo');
select is((select count(*) from crm_api.documents where id in (select id from ids)), 0::bigint, 'another agent sees neither');

-- the desk's manager and finance: both
select tests.act_as('manager@crm.demo');
select set_eq($$select id from crm_api.documents where id in (select id from ids)$$, $$select id from ids where k in ('receipt', 'statement')$$,
              'the desk''s manager sees both');
select is(substr(crm_api.document_content((select id from ids where k = 'statement')), 1, 5), convert_to('%PDF-', 'UTF8'),
          'and reads the statement');
select tests.act_as('finance@crm.demo');
select set_eq($$select id from crm_api.documents where id in (select id from ids)$$, $$select id from ids where k in ('receipt', 'statement')$$,
              'finance sees both');
select is(substr(crm_api.document_content((select id from ids where k = 'receipt')), 1, 5), convert_to('%PDF-', 'UTF8'),
          'and reads the receipt');

-- compliance and the IB: nothing (they see no withdrawals nor accounts)
select tests.act_as('compliance@crm.demo');
select is((select count(*) from crm_api.documents), 0::bigint, 'compliance sees no document');
select throws_ok($$select crm_api.document_content((select id from ids where k = 'statement'))$$,
                 'PT404', null, 'compliance cannot read a statement (PT404)');
select tests.act_as('ib1@crm.demo');
select is((select count(*) from crm_api.documents), 0::bigint, 'the IB sees no document of its referred client');
select throws_ok($$select crm_api.document_content((select id from ids where k = 'receipt'))$$,
                 'PT404', null, 'the IB cannot read the receipt (PT404)');

-- the other brokerage: its own only
select tests.act_as('manager@other-crm.demo');
select set_eq($$select id from crm_api.documents where id in (select id from ids)$$, $$select id from ids where k = 'other_statement'$$,
              'the other brokerage''s manager sees its own client''s statement only');
select throws_ok($$select crm_api.document_content((select id from ids where k = 'statement'))$$,
                 'PT404', null, 'and not ours (PT404)');
select tests.act_as('client@other-crm.demo');
select is(substr(crm_api.document_content((select id from ids where k = 'other_statement')), 1, 5), convert_to('%PDF-', 'UTF8'),
          'its client reads its own statement');

-- anonymous: no access
select tests.act_as_anon();
select throws_ok($$select count(*) from crm_api.documents$$, '42501', null, 'anon may not list documents');
select throws_ok($$select crm_api.document_content(gen_random_uuid())$$, '42501', null, 'anon may not read a document');

-- the structure
reset role;
select is_definer('crm_api', 'document_content', 'crm_api.document_content is security definer');
select is((select pg_catalog.pg_get_userbyid(relowner)::text from pg_catalog.pg_class where oid = 'crm_private.documents'::regclass), 'crm_reader',
          'the private documents view is owned by crm_reader');
select hasnt_column('crm_api', 'documents', 'content', 'the listing carries no bytes');

select * from finish();
rollback;
