-- The workers' side of the queue beyond claim, complete and fail: the lease
-- heartbeat (extend_job_lease), giving a job back without spending an
-- attempt (release_job), a failure no retry cures (fail_job_permanently),
-- completing many jobs at once (complete_jobs), and storing a rendered PDF under the job's lease
-- (store_document): worker role only, refused by SQLSTATE otherwise.
begin;
select plan(80);

-- fixtures: a brokerage and a hotel group, one client, and pdfgen jobs whose
-- payloads follow docs/jobs.md (run_at 2000-01-01: claimed before the seed's)
do $$
declare
    crm_tenant uuid;
begin
    insert into core.tenants (app, name) values ('crm', 'Core Documents Tests') returning id into crm_tenant;
    perform pg_catalog.set_config('tap.crm_tenant', crm_tenant::text, true);
    perform core.create_user(crm_tenant, 'documents.client@core.test', 'Documents Client', 'crm_client');
end
$$;

create function pg_temp.job(id bigint)
returns core.jobs
language sql
stable
security definer
as $$
    select * from core.jobs as j where j.id = job.id
$$;
create function pg_temp.job_id(kind text)
returns bigint
language sql
stable
security definer
as $$
    select j.id from core.jobs as j where j.kind = job_id.kind
$$;
-- the claim under which the job runs now (as core.claim_jobs returned it)
create function pg_temp.claim(id bigint)
returns int
language sql
stable
security definer
as $$
    select j.claims from core.jobs as j where j.id = claim.id
$$;
grant execute on function pg_temp.job(bigint), pg_temp.job_id(text), pg_temp.claim(bigint) to worker;

-- a tiny but real PDF header is all the table's check asks for
create function pg_temp.pdf(body text)
returns bytea
language sql
immutable
as $$
    select pg_catalog.convert_to('%PDF-1.3' || pg_catalog.chr(10) || body || pg_catalog.chr(10) || '%%EOF', 'UTF8')
$$;
grant execute on function pg_temp.pdf(text) to worker;

do $do$ begin perform core.enqueue('pdfgen.tap_receipt',
                    pg_catalog.jsonb_build_object(
                        'app', 'crm', 'template', 'tap_receipt', 'tenant_name', 'Core Documents Tests',
                        'subject_table', 'crm.withdrawals', 'subject_id', '6f1c1d1e-0000-4000-8000-000000000001',
                        'file_name', 'withdrawal-receipt-1.pdf'),
                    '2000-01-01', null, pg_catalog.current_setting('tap.crm_tenant')::uuid); end $do$;

-- 1. who may call them: the worker role only
select function_privs_are('core', 'store_document', array['bigint', 'text', 'integer', 'text', 'bytea'], 'worker', array['EXECUTE'],
                          'the worker may store documents');
select function_privs_are('core', 'extend_job_lease', array['bigint', 'text', 'integer', 'interval'], 'worker', array['EXECUTE'],
                          'the worker may extend its leases');
select function_privs_are('core', 'release_job', array['bigint', 'text', 'integer'], 'worker', array['EXECUTE'],
                          'the worker may release its jobs');
select function_privs_are('core', 'fail_job_permanently', array['bigint', 'text', 'integer', 'text'], 'worker', array['EXECUTE'],
                          'the worker may fail a job permanently');
select function_privs_are('core', 'complete_jobs', array['bigint[]', 'text', 'integer[]'], 'worker', array['EXECUTE'],
                          'the worker may complete jobs in a batch');
select ok(not pg_catalog.has_function_privilege('public', 'core.complete_jobs(bigint[], text, int[])', 'execute')
          and not pg_catalog.has_function_privilege('public', 'core.fail_job_permanently(bigint, text, int, text)', 'execute')
          and not pg_catalog.has_function_privilege('public', 'core.store_document(bigint, text, int, text, bytea)', 'execute')
          and not pg_catalog.has_function_privilege('public', 'core.extend_job_lease(bigint, text, int, interval)', 'execute')
          and not pg_catalog.has_function_privilege('public', 'core.release_job(bigint, text, int)', 'execute'),
          'PUBLIC may execute none of them');
select is_definer('core', 'store_document', array['bigint', 'text', 'integer', 'text', 'bytea'], 'core.store_document() is security definer');
select is_definer('core', 'extend_job_lease', array['bigint', 'text', 'integer', 'interval'], 'core.extend_job_lease() is security definer');
select is_definer('core', 'release_job', array['bigint', 'text', 'integer'], 'core.release_job() is security definer');
select is_definer('core', 'fail_job_permanently', array['bigint', 'text', 'integer', 'text'], 'core.fail_job_permanently() is security definer');
select is_definer('core', 'complete_jobs', array['bigint[]', 'text', 'integer[]'], 'core.complete_jobs() is security definer');
select ok(not pg_catalog.has_table_privilege('worker', 'core.documents', 'select, insert, update, delete, truncate'),
          'the worker has no privilege on core.documents: only store_document');

select tests.act_as_anon();
select throws_ok($$select core.store_document(1, 'w1', 1, 'x.pdf', pg_temp.pdf('x'))$$, '42501', null, 'anon cannot store documents');
select throws_ok($$select core.extend_job_lease(1, 'w1', 1, '1 minute')$$, '42501', null, 'anon cannot extend leases');
select throws_ok($$select core.release_job(1, 'w1', 1)$$, '42501', null, 'anon cannot release jobs');
select throws_ok($$select core.fail_job_permanently(1, 'w1', 1, 'x')$$, '42501', null, 'anon cannot fail jobs permanently');
select throws_ok($$select core.complete_jobs(array[1], 'w1', array[1])$$, '42501', null, 'anon cannot complete jobs');
select tests.act_as('documents.client@core.test');
select throws_ok($$select core.store_document(1, 'w1', 1, 'x.pdf', pg_temp.pdf('x'))$$, '42501', null, 'an application role cannot store documents');
select throws_ok($$select core.extend_job_lease(1, 'w1', 1, '1 minute')$$, '42501', null, 'an application role cannot extend leases');
select throws_ok($$select core.release_job(1, 'w1', 1)$$, '42501', null, 'an application role cannot release jobs');
select throws_ok($$select core.fail_job_permanently(1, 'w1', 1, 'x')$$, '42501', null, 'an application role cannot fail jobs permanently');
select throws_ok($$select core.complete_jobs(array[1], 'w1', array[1])$$, '42501', null, 'an application role cannot complete jobs');
select throws_ok($$select * from core.documents$$, '42501', null, 'an application role cannot read core.documents');
reset role;

-- 2. store_document refuses a job the worker does not hold
set local role worker;
select throws_ok($$select core.store_document(-1, 'w1', 1, 'x.pdf', pg_temp.pdf('x'))$$, 'PT404', 'job -1 not found', 'an unknown job is PT404');
select throws_ok(pg_catalog.format($$select core.store_document(%s, 'w1', 1, 'x.pdf', pg_temp.pdf('x'))$$, pg_temp.job_id('pdfgen.tap_receipt')),
                 'PT409', null, 'a pending job (not claimed) is PT409');
select is((select pg_catalog.array_agg(id) from core.claim_jobs('pdfgen', 'w1', 1, '1 minute')),
          array[pg_temp.job_id('pdfgen.tap_receipt')], 'w1 claims the receipt job');
select throws_ok(pg_catalog.format($$select core.store_document(%1$s, 'w2', pg_temp.claim(%1$s), 'x.pdf', pg_temp.pdf('x'))$$, pg_temp.job_id('pdfgen.tap_receipt')),
                 'PT409', null, 'a job another worker holds is PT409');

-- malformed arguments
select throws_ok(pg_catalog.format($$select core.store_document(%1$s, 'w1', pg_temp.claim(%1$s), 'x.pdf', '\x3c68746d6c3e'::bytea)$$, pg_temp.job_id('pdfgen.tap_receipt')),
                 '22023', null, 'content that is not a PDF is 22023');
select throws_ok(pg_catalog.format($$select core.store_document(%1$s, 'w1', pg_temp.claim(%1$s), 'x.pdf', null)$$, pg_temp.job_id('pdfgen.tap_receipt')),
                 '22023', null, 'null content is 22023');
select throws_ok(pg_catalog.format($$select core.store_document(%1$s, 'w1', pg_temp.claim(%1$s), ' ', pg_temp.pdf('x'))$$, pg_temp.job_id('pdfgen.tap_receipt')),
                 '22023', null, 'a blank file name is 22023');
select throws_ok(pg_catalog.format($$select core.store_document(%1$s, 'w1', pg_temp.claim(%1$s), '../etc/x.pdf', pg_temp.pdf('x'))$$, pg_temp.job_id('pdfgen.tap_receipt')),
                 '22023', null, 'a file name with a path is 22023');
reset role;
select is((select pg_catalog.count(*)::int from core.documents), 0, 'nothing was stored by the refused calls');

-- 3. stored under the lease: metadata from the job, sha256 computed, once per job
set local role worker;
select isnt(core.store_document(pg_temp.job_id('pdfgen.tap_receipt'), 'w1', pg_temp.claim(pg_temp.job_id('pdfgen.tap_receipt')), 'withdrawal-receipt-1.pdf', pg_temp.pdf('receipt')), null,
            'the holder stores the document and gets its id');
reset role;
select results_eq(
    $$select tenant_id, app, kind, subject_table, subject_id, file_name, content, sha256
      from core.documents$$,
    $$values (pg_catalog.current_setting('tap.crm_tenant')::uuid, 'crm', 'tap_receipt', 'crm.withdrawals',
              '6f1c1d1e-0000-4000-8000-000000000001'::uuid, 'withdrawal-receipt-1.pdf', pg_temp.pdf('receipt'),
              pg_catalog.encode(pg_catalog.sha256(pg_temp.pdf('receipt')), 'hex'))$$,
    'the document carries the job''s tenant, the payload''s app and subject, the kind, the bytes and their sha256');
select is((select job_id from core.documents), pg_temp.job_id('pdfgen.tap_receipt'), 'the document names its job');
do $do$ begin perform pg_catalog.set_config('tap.first_doc', (select id::text from core.documents), true); end $do$;
set local role worker;
select is(core.store_document(pg_temp.job_id('pdfgen.tap_receipt'), 'w1', pg_temp.claim(pg_temp.job_id('pdfgen.tap_receipt')), 'withdrawal-receipt-1.pdf', pg_temp.pdf('receipt')),
          pg_catalog.current_setting('tap.first_doc')::uuid, 'storing again for the same job returns the first document');
reset role;
select is((select pg_catalog.count(*)::int from core.documents), 1, 'a job stores one document');
select is((select pg_catalog.count(*)::int from core.audit_log where table_name = 'core.documents' and operation = 'INSERT' and not new_row ? 'content'
              and new_row ->> 'id' = pg_catalog.current_setting('tap.first_doc')), 1,
          'the audit log records the document once, without its bytes');

-- a document cannot be stored under an expired lease, nor after another
-- worker took the job over
update core.jobs set locked_until = now() - interval '1 second' where id = pg_temp.job_id('pdfgen.tap_receipt');
set local role worker;
select throws_ok(pg_catalog.format($$select core.store_document(%1$s, 'w1', pg_temp.claim(%1$s), 'withdrawal-receipt-1.pdf', pg_temp.pdf('receipt'))$$, pg_temp.job_id('pdfgen.tap_receipt')),
                 'PT409', null, 'a document under an expired lease is PT409, even one already stored');
select is((select pg_catalog.array_agg(id) from core.claim_jobs('pdfgen', 'w2', 1, '1 minute')),
          array[pg_temp.job_id('pdfgen.tap_receipt')], 'w2 takes the job over after the lease expired');
select throws_ok(pg_catalog.format($$select core.store_document(%1$s, 'w1', pg_temp.claim(%1$s), 'withdrawal-receipt-1.pdf', pg_temp.pdf('receipt'))$$, pg_temp.job_id('pdfgen.tap_receipt')),
                 'PT409', null, 'the old holder can no longer store it (PT409)');
select is(core.store_document(pg_temp.job_id('pdfgen.tap_receipt'), 'w2', pg_temp.claim(pg_temp.job_id('pdfgen.tap_receipt')), 'withdrawal-receipt-1.pdf', pg_temp.pdf('receipt')),
          pg_catalog.current_setting('tap.first_doc')::uuid, 'the new holder storing it again gets the first document');
select is(core.complete_job(pg_temp.job_id('pdfgen.tap_receipt'), 'w1', pg_temp.claim(pg_temp.job_id('pdfgen.tap_receipt'))), false, 'the old holder cannot complete the job');
select is(core.fail_job(pg_temp.job_id('pdfgen.tap_receipt'), 'w1', pg_temp.claim(pg_temp.job_id('pdfgen.tap_receipt')), 'late'), null, 'nor fail it');
select is(core.complete_job(pg_temp.job_id('pdfgen.tap_receipt'), 'w2', pg_temp.claim(pg_temp.job_id('pdfgen.tap_receipt'))), true, 'the new holder completes it');
select throws_ok(pg_catalog.format($$select core.store_document(%1$s, 'w2', pg_temp.claim(%1$s), 'withdrawal-receipt-1.pdf', pg_temp.pdf('receipt'))$$, pg_temp.job_id('pdfgen.tap_receipt')),
                 'PT409', null, 'a finished job stores nothing (PT409)');
reset role;
select is((select pg_catalog.count(*)::int from core.documents), 1, 'still one document for the job');

-- 4. payloads that do not name what the document belongs to
do $do$ begin perform core.enqueue('pdfgen.tap_no_app', '{"subject_table": "crm.withdrawals", "subject_id": "6f1c1d1e-0000-4000-8000-000000000002"}',
                    '2000-01-01', null, pg_catalog.current_setting('tap.crm_tenant')::uuid); end $do$;
do $do$ begin perform core.enqueue('pdfgen.tap_bad_table', '{"app": "crm", "subject_table": "hr.payslips", "subject_id": "6f1c1d1e-0000-4000-8000-000000000003"}',
                    '2000-01-01', null, pg_catalog.current_setting('tap.crm_tenant')::uuid); end $do$;
do $do$ begin perform core.enqueue('pdfgen.tap_bad_id', '{"app": "crm", "subject_table": "crm.withdrawals", "subject_id": "not-a-uuid"}',
                    '2000-01-01', null, pg_catalog.current_setting('tap.crm_tenant')::uuid); end $do$;
-- (no claims: a job enqueued outside a request, with no tenant given, has none)
do $do$ begin perform pg_catalog.set_config('request.jwt.claims', '', true); perform core.enqueue('pdfgen.tap_no_tenant', '{"app": "crm", "subject_table": "crm.withdrawals", "subject_id": "6f1c1d1e-0000-4000-8000-000000000004"}',
                    '2000-01-01'); end $do$;
do $do$ begin perform core.enqueue('pdfgen.tap_other_app', '{"app": "hr", "subject_table": "hr.payslips", "subject_id": "6f1c1d1e-0000-4000-8000-000000000005"}',
                    '2000-01-01', null, pg_catalog.current_setting('tap.crm_tenant')::uuid); end $do$;
do $do$ begin perform core.enqueue('mailer.tap_not_pdf', '{"app": "crm", "subject_table": "crm.withdrawals", "subject_id": "6f1c1d1e-0000-4000-8000-000000000006"}',
                    '2000-01-01', null, pg_catalog.current_setting('tap.crm_tenant')::uuid); end $do$;
set local role worker;
select is((select pg_catalog.count(*)::int from core.claim_jobs('pdfgen', 'w1', 5, '1 minute')), 5, 'w1 claims the five malformed pdfgen jobs');
select is((select pg_catalog.count(*)::int from core.claim_jobs('mailer', 'w1', 1, '1 minute')), 1, 'and the mailer job');
select throws_ok(pg_catalog.format($$select core.store_document(%1$s, 'w1', pg_temp.claim(%1$s), 'x.pdf', pg_temp.pdf('x'))$$, pg_temp.job_id('pdfgen.tap_no_app')),
                 '22023', pg_catalog.format('job %s names no known app (payload app null)', pg_temp.job_id('pdfgen.tap_no_app')),
                 'a payload without app is 22023, named as such');
select throws_ok(pg_catalog.format($$select core.store_document(%1$s, 'w1', pg_temp.claim(%1$s), 'x.pdf', pg_temp.pdf('x'))$$, pg_temp.job_id('pdfgen.tap_bad_table')),
                 '22023', null, 'a subject table of another application is 22023');
select throws_ok(pg_catalog.format($$select core.store_document(%1$s, 'w1', pg_temp.claim(%1$s), 'x.pdf', pg_temp.pdf('x'))$$, pg_temp.job_id('pdfgen.tap_bad_id')),
                 '22023', null, 'a subject_id that is not a uuid is 22023');
select throws_ok(pg_catalog.format($$select core.store_document(%1$s, 'w1', pg_temp.claim(%1$s), 'x.pdf', pg_temp.pdf('x'))$$, pg_temp.job_id('pdfgen.tap_no_tenant')),
                 '22023', null, 'a job without a tenant is 22023');
select throws_ok(pg_catalog.format($$select core.store_document(%1$s, 'w1', pg_temp.claim(%1$s), 'x.pdf', pg_temp.pdf('x'))$$, pg_temp.job_id('pdfgen.tap_other_app')),
                 '22023', null, 'a job whose tenant belongs to another application is 22023');
select throws_ok(pg_catalog.format($$select core.store_document(%1$s, 'w1', pg_temp.claim(%1$s), 'x.pdf', pg_temp.pdf('x'))$$, pg_temp.job_id('mailer.tap_not_pdf')),
                 '22023', null, 'a job of another queue is 22023');
reset role;
select is((select pg_catalog.count(*)::int from core.documents), 1, 'no document was stored by the malformed jobs');

-- a lease that ends now still holds (as for core.claim_jobs): the document is stored
do $do$ begin perform core.enqueue('pdfgen.tap_lease_ends_now',
                    pg_catalog.jsonb_build_object(
                        'app', 'crm', 'template', 'tap_receipt', 'tenant_name', 'Core Documents Tests',
                        'subject_table', 'crm.withdrawals', 'subject_id', '6f1c1d1e-0000-4000-8000-000000000007'),
                    '2000-01-01', null, pg_catalog.current_setting('tap.crm_tenant')::uuid); end $do$;
set local role worker;
select is((select pg_catalog.array_agg(id) from core.claim_jobs('pdfgen', 'w3', 1, '1 minute')),
          array[pg_temp.job_id('pdfgen.tap_lease_ends_now')], 'w3 claims a well-formed job');
reset role;
update core.jobs set locked_until = now() where id = pg_temp.job_id('pdfgen.tap_lease_ends_now');
set local role worker;
select lives_ok(pg_catalog.format($$select core.store_document(%1$s, 'w3', pg_temp.claim(%1$s), 'x.pdf', pg_temp.pdf('x'))$$, pg_temp.job_id('pdfgen.tap_lease_ends_now')),
                'a lease that ends now still holds: the holder stores the document');
reset role;

-- 5. the heartbeat
set local role worker;
select throws_ok(pg_catalog.format($$select core.extend_job_lease(%1$s, 'w1', pg_temp.claim(%1$s), '0 seconds')$$, pg_temp.job_id('pdfgen.tap_no_app')),
                 '22023', null, 'a zero lease is 22023');
select throws_ok(pg_catalog.format($$select core.extend_job_lease(%1$s, 'w1', pg_temp.claim(%1$s), null)$$, pg_temp.job_id('pdfgen.tap_no_app')),
                 '22023', null, 'a null lease is 22023');
select is(core.extend_job_lease(pg_temp.job_id('pdfgen.tap_no_app'), 'w2', pg_temp.claim(pg_temp.job_id('pdfgen.tap_no_app')), '10 minutes'), false, 'a worker cannot extend a lease it does not hold');
reset role;
select is((pg_temp.job(pg_temp.job_id('pdfgen.tap_no_app'))).locked_until, now() + interval '1 minute', 'the refused extension changed nothing');
set local role worker;
select is(core.extend_job_lease(pg_temp.job_id('pdfgen.tap_no_app'), 'w1', pg_temp.claim(pg_temp.job_id('pdfgen.tap_no_app')), '10 minutes'), true, 'the holder extends its lease');
reset role;
select is((pg_temp.job(pg_temp.job_id('pdfgen.tap_no_app'))).locked_until, now() + interval '10 minutes', 'the lease now ends 10 minutes from now');
set local role worker;
select is(core.extend_job_lease(pg_temp.job_id('pdfgen.tap_receipt'), 'w2', pg_temp.claim(pg_temp.job_id('pdfgen.tap_receipt')), '10 minutes'), false, 'a finished job''s lease cannot be extended');

-- 6. release: back to pending without spending an attempt
select is(core.release_job(pg_temp.job_id('pdfgen.tap_bad_id'), 'w2', pg_temp.claim(pg_temp.job_id('pdfgen.tap_bad_id'))), false, 'a worker cannot release a job it does not hold');
select is(core.release_job(pg_temp.job_id('pdfgen.tap_bad_id'), 'w1', pg_temp.claim(pg_temp.job_id('pdfgen.tap_bad_id'))), true, 'the holder releases the job');
reset role;
select results_eq(
    pg_catalog.format($$select state, attempt, locked_by, locked_until from core.jobs where id = %s$$, pg_temp.job_id('pdfgen.tap_bad_id')),
    $$values ('pending'::text, 0, null::text, null::timestamptz)$$,
    'a released job is pending again, with no lease and its attempt given back');
set local role worker;
select is(core.release_job(pg_temp.job_id('pdfgen.tap_bad_id'), 'w1', pg_temp.claim(pg_temp.job_id('pdfgen.tap_bad_id'))), false, 'a job is released once');
select is((select pg_catalog.array_agg(id) from core.claim_jobs('pdfgen', 'w2', 1, '1 minute')),
          array[pg_temp.job_id('pdfgen.tap_bad_id')], 'a released job is claimed again at once');
reset role;
select is((pg_temp.job(pg_temp.job_id('pdfgen.tap_bad_id'))).attempt, 1, 'the claim after a release is the first attempt again');


-- 7. a permanent failure: dead at once, whatever attempts remain
set local role worker;
select is(core.fail_job_permanently(pg_temp.job_id('pdfgen.tap_other_app'), 'w2', pg_temp.claim(pg_temp.job_id('pdfgen.tap_other_app')), 'not mine'), false,
          'a worker cannot fail permanently a job it does not hold');
select is(core.fail_job_permanently(pg_temp.job_id('pdfgen.tap_other_app'), 'w1', pg_temp.claim(pg_temp.job_id('pdfgen.tap_other_app')), 'smtp: 550 no such user'), true,
          'the holder fails the job permanently');
select is(core.fail_job_permanently(pg_temp.job_id('pdfgen.tap_other_app'), 'w1', pg_temp.claim(pg_temp.job_id('pdfgen.tap_other_app')), 'again'), false, 'only once');
reset role;
select results_eq(
    pg_catalog.format($$select state, attempt, last_error, locked_by, finished_at is not null from core.jobs where id = %s$$, pg_temp.job_id('pdfgen.tap_other_app')),
    $$values ('dead'::text, 1, 'smtp: 550 no such user'::text, null::text, true)$$,
    'the job is dead after its first attempt of five, with the error and no lease');

-- 8. completing many at once: only the jobs the worker holds
do $do$ begin perform core.enqueue('sms.tap_batch_a', '{}', '2000-01-01'); perform core.enqueue('sms.tap_batch_b', '{}', '2000-01-01');
              perform core.enqueue('sms.tap_batch_c', '{}', '2000-01-01'); end $do$;
set local role worker;
select is((select pg_catalog.count(*)::int from core.claim_jobs('sms', 'w1', 2, '1 minute')), 2, 'w1 claims two sms jobs');
select is((select pg_catalog.count(*)::int from core.claim_jobs('sms', 'w2', 1, '1 minute')), 1, 'w2 claims the third');
select is((select pg_catalog.array_agg(done.id order by done.id) from core.complete_jobs(
               array[pg_temp.job_id('sms.tap_batch_a'), pg_temp.job_id('sms.tap_batch_b'), pg_temp.job_id('sms.tap_batch_c'), -1], 'w1',
               array[pg_temp.claim(pg_temp.job_id('sms.tap_batch_a')), pg_temp.claim(pg_temp.job_id('sms.tap_batch_b')), pg_temp.claim(pg_temp.job_id('sms.tap_batch_c')), 1]) as done (id)),
          array[pg_temp.job_id('sms.tap_batch_a'), pg_temp.job_id('sms.tap_batch_b')],
          'w1 completes the two it holds; the other worker''s job and an unknown id are left out');
select is((select pg_catalog.count(*)::int from core.complete_jobs(array[pg_temp.job_id('sms.tap_batch_a')], 'w1', array[pg_temp.claim(pg_temp.job_id('sms.tap_batch_a'))])), 0,
          'a job is completed once');
reset role;
select results_eq(
    $$select kind, state, locked_by from core.jobs where kind like 'sms.tap_batch_%' order by kind$$,
    $$values ('sms.tap_batch_a'::text, 'done'::text, null::text), ('sms.tap_batch_b', 'done', null), ('sms.tap_batch_c', 'running', 'w2')$$,
    'the held jobs are done, the other worker''s still runs under its lease');

select * from finish();
rollback;
