-- The claim token: a worker's hold on a running job is (job id, worker
-- name, claim), the claim being core.jobs.claims as core.claim_jobs
-- returned it. Two processes given one worker name are told apart: after
-- the first one's lease expired and the second claimed the job again, every
-- function the first calls as holder with its stale claim acts on nothing,
-- and the second's current claim acts. The claim is not the attempt: a
-- release gives the attempt back and core.revive_job resets it, and neither
-- makes an old claim current again. Then core.revive_job, the operator's
-- way back for a dead job.
--
-- Every job here runs at 2000-01-01 (claimed before the seed's) and is of
-- this suite's own kinds (*.tap_claim_*).
begin;
select plan(69);

do $$
declare
    tenant uuid;
begin
    insert into core.tenants (app, name) values ('crm', 'Core Claim Token Tests') returning id into tenant;
    perform pg_catalog.set_config('tap.tenant', tenant::text, true);
end
$$;

-- (security definer: called while acting as worker, which may not read core.jobs)
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
grant execute on function pg_temp.job(bigint), pg_temp.job_id(text) to worker;

create function pg_temp.pdf(body text)
returns bytea
language sql
immutable
as $$
    select pg_catalog.convert_to('%PDF-1.3' || pg_catalog.chr(10) || body || pg_catalog.chr(10) || '%%EOF', 'UTF8')
$$;
grant execute on function pg_temp.pdf(text) to worker;

-- claims the job of kind for worker 'same' (a job of its queue due before
-- all others), lets the lease expire, and claims it again under the same
-- name, as a second process given the same WORKER_NAME would; returns the
-- two claims
create function pg_temp.claim_twice(kind text)
returns int[]
language plpgsql
volatile
as $$
declare
    job bigint := pg_temp.job_id(claim_twice.kind);
    queue text := pg_catalog.split_part(claim_twice.kind, '.', 1);
    first int;
    second int;
begin
    set local role worker;
    select c.claims into first from core.claim_jobs(queue, 'same', 1, '1 minute') as c where c.id = job;
    reset role;
    update core.jobs as jobs set locked_until = now() - interval '1 second' where jobs.id = job;
    set local role worker;
    select c.claims into second from core.claim_jobs(queue, 'same', 1, '1 minute') as c where c.id = job;
    reset role;
    return array[first, second];
end
$$;

do $do$
begin
    perform core.enqueue('mailer.tap_claim_complete', '{}', '2000-01-01');
    perform core.enqueue('mailer.tap_claim_fail', '{}', '2000-01-01');
    perform core.enqueue('mailer.tap_claim_permanent', '{}', '2000-01-01');
    perform core.enqueue('mailer.tap_claim_extend', '{}', '2000-01-01');
    perform core.enqueue('mailer.tap_claim_release', '{}', '2000-01-01');
    perform core.enqueue('sms.tap_claim_batch', '{}', '2000-01-01');
    perform core.enqueue('pdfgen.tap_claim_store',
                         pg_catalog.jsonb_build_object(
                             'app', 'crm', 'template', 'tap_claim_store', 'tenant_name', 'Core Claim Token Tests',
                             'subject_table', 'crm.withdrawals', 'subject_id', '6f1c1d1e-0000-4000-8000-0000000000c1',
                             'file_name', 'receipt.pdf'),
                         '2000-01-01', null, pg_catalog.current_setting('tap.tenant')::uuid);
end
$do$;

-- 1. a claim names itself
set local role worker;
select is((select pg_catalog.array_agg(c.claims) from core.claim_jobs('mailer', 'same', 1, '1 minute') as c), array[1],
          'core.claim_jobs returns the claim: 1 on a job''s first claim');
reset role;
select is((pg_temp.job(pg_temp.job_id('mailer.tap_claim_complete'))).claims, 1, 'the job records it');
update core.jobs set locked_until = now() - interval '1 second' where id = pg_temp.job_id('mailer.tap_claim_complete');
set local role worker;
select is((select pg_catalog.array_agg(c.claims) from core.claim_jobs('mailer', 'same', 1, '1 minute') as c), array[2],
          'claimed again after its lease expired, under the same worker name: claim 2');
reset role;

-- 2. complete_job: the stale claim completes nothing, the current one does
set local role worker;
select is(core.complete_job(pg_temp.job_id('mailer.tap_claim_complete'), 'same', 1), false,
          'complete_job under the stale claim of the same worker name: false');
reset role;
select results_eq(
    pg_catalog.format($$select state, locked_by, claims from core.jobs where id = %s$$, pg_temp.job_id('mailer.tap_claim_complete')),
    $$values ('running'::text, 'same'::text, 2)$$,
    'and the job still runs under the current claim');
set local role worker;
select is(core.complete_job(pg_temp.job_id('mailer.tap_claim_complete'), 'same', 2), true, 'complete_job under the current claim: true');
reset role;
select is((pg_temp.job(pg_temp.job_id('mailer.tap_claim_complete'))).state, 'done', 'the job is done');

-- 3. fail_job
select is(pg_temp.claim_twice('mailer.tap_claim_fail'), array[1, 2], 'the failing job is claimed twice under one name');
set local role worker;
select is(core.fail_job(pg_temp.job_id('mailer.tap_claim_fail'), 'same', 1, 'late'), null,
          'fail_job under the stale claim: null (not held)');
reset role;
select results_eq(
    pg_catalog.format($$select state, attempt, last_error from core.jobs where id = %s$$, pg_temp.job_id('mailer.tap_claim_fail')),
    $$values ('running'::text, 2, null::text)$$,
    'and the job still runs, no failure recorded');
set local role worker;
select is(core.fail_job(pg_temp.job_id('mailer.tap_claim_fail'), 'same', 2, 'smtp down'), 'pending', 'fail_job under the current claim: pending');
reset role;

-- 4. fail_job_permanently
select is(pg_temp.claim_twice('mailer.tap_claim_permanent'), array[1, 2], 'the job to bury is claimed twice under one name');
set local role worker;
select is(core.fail_job_permanently(pg_temp.job_id('mailer.tap_claim_permanent'), 'same', 1, 'late'), false,
          'fail_job_permanently under the stale claim: false');
reset role;
select is((pg_temp.job(pg_temp.job_id('mailer.tap_claim_permanent'))).state, 'running', 'and the job still runs');
set local role worker;
select is(core.fail_job_permanently(pg_temp.job_id('mailer.tap_claim_permanent'), 'same', 2, 'smtp: 550'), true,
          'fail_job_permanently under the current claim: true');
reset role;
select is((pg_temp.job(pg_temp.job_id('mailer.tap_claim_permanent'))).state, 'dead', 'the job is dead');

-- 5. extend_job_lease
select is(pg_temp.claim_twice('mailer.tap_claim_extend'), array[1, 2], 'the long job is claimed twice under one name');
set local role worker;
select is(core.extend_job_lease(pg_temp.job_id('mailer.tap_claim_extend'), 'same', 1, '10 minutes'), false,
          'extend_job_lease under the stale claim: false');
reset role;
select is((pg_temp.job(pg_temp.job_id('mailer.tap_claim_extend'))).locked_until, now() + interval '1 minute',
          'and the lease is unchanged');
set local role worker;
select is(core.extend_job_lease(pg_temp.job_id('mailer.tap_claim_extend'), 'same', 2, '10 minutes'), true,
          'extend_job_lease under the current claim: true');
reset role;
select is((pg_temp.job(pg_temp.job_id('mailer.tap_claim_extend'))).locked_until, now() + interval '10 minutes', 'the lease is extended');

-- 6. release_job
select is(pg_temp.claim_twice('mailer.tap_claim_release'), array[1, 2], 'the job to give back is claimed twice under one name');
set local role worker;
select is(core.release_job(pg_temp.job_id('mailer.tap_claim_release'), 'same', 1), false, 'release_job under the stale claim: false');
reset role;
select results_eq(
    pg_catalog.format($$select state, attempt from core.jobs where id = %s$$, pg_temp.job_id('mailer.tap_claim_release')),
    $$values ('running'::text, 2)$$,
    'and the job still runs, its attempt not given back');
set local role worker;
select is(core.release_job(pg_temp.job_id('mailer.tap_claim_release'), 'same', 2), true, 'release_job under the current claim: true');
reset role;
select results_eq(
    pg_catalog.format($$select state, attempt, claims from core.jobs where id = %s$$, pg_temp.job_id('mailer.tap_claim_release')),
    $$values ('pending'::text, 1, 2)$$,
    'the job is pending, its attempt given back, its claims kept');

-- a release gives the attempt back, not the claim: the next claim is
-- attempt 2 again but claim 3, so the holder of the released claim (a
-- release retried after its answer was lost) acts on nothing
set local role worker;
select is((select pg_catalog.array_agg(array[c.attempt, c.claims]) from core.claim_jobs('mailer', 'same', 1, '1 minute') as c),
          array[array[2, 3]], 'claimed again after the release: attempt 2 again, claim 3');
select is(core.release_job(pg_temp.job_id('mailer.tap_claim_release'), 'same', 2), false,
          'a retried release of the released claim does not release the new claim');
select is(core.complete_job(pg_temp.job_id('mailer.tap_claim_release'), 'same', 2), false,
          'nor does the released claim complete it');
select is(core.complete_job(pg_temp.job_id('mailer.tap_claim_release'), 'same', 3), true, 'the new claim completes it');
reset role;

-- 7. complete_jobs
select is(pg_temp.claim_twice('sms.tap_claim_batch'), array[1, 2], 'the batch''s job is claimed twice under one name');
set local role worker;
select is((select pg_catalog.count(*)::int from core.complete_jobs(array[pg_temp.job_id('sms.tap_claim_batch')], 'same', array[1])), 0,
          'complete_jobs under the stale claim completes nothing');
reset role;
select is((pg_temp.job(pg_temp.job_id('sms.tap_claim_batch'))).state, 'running', 'and the job still runs');
set local role worker;
select is((select pg_catalog.array_agg(done.id) from core.complete_jobs(array[pg_temp.job_id('sms.tap_claim_batch')], 'same', array[2]) as done (id)),
          array[pg_temp.job_id('sms.tap_claim_batch')], 'complete_jobs under the current claim completes it');
reset role;

-- 8. store_document
select is(pg_temp.claim_twice('pdfgen.tap_claim_store'), array[1, 2], 'the document''s job is claimed twice under one name');
set local role worker;
select throws_ok(pg_catalog.format($$select core.store_document(%s, 'same', 1, 'receipt.pdf', pg_temp.pdf('stale'))$$, pg_temp.job_id('pdfgen.tap_claim_store')),
                 'PT409', null, 'store_document under the stale claim is PT409');
reset role;
select is((select pg_catalog.count(*)::int from core.documents where job_id = pg_temp.job_id('pdfgen.tap_claim_store')), 0,
          'and nothing is stored');
set local role worker;
select isnt(core.store_document(pg_temp.job_id('pdfgen.tap_claim_store'), 'same', 2, 'receipt.pdf', pg_temp.pdf('current')), null,
            'store_document under the current claim stores the document');
reset role;
select is((select content from core.documents where job_id = pg_temp.job_id('pdfgen.tap_claim_store')), pg_temp.pdf('current'),
          'the document is the current claim''s');

-- 9. the claim is required and checked: null, 0 or negative is 22023
set local role worker;
select throws_ok($$select core.complete_job(1, 'same', null)$$, '22023', null, 'complete_job with a null claim is 22023');
select throws_ok($$select core.complete_job(1, 'same', -1)$$, '22023', null, 'complete_job with a negative claim is 22023');
select throws_ok($$select core.complete_job(1, 'same', 0)$$, '22023', null, 'complete_job with claim 0 (never issued) is 22023');
select throws_ok($$select core.fail_job(1, 'same', null, 'x')$$, '22023', null, 'fail_job with a null claim is 22023');
select throws_ok($$select core.fail_job(1, 'same', -1, 'x')$$, '22023', null, 'fail_job with a negative claim is 22023');
select throws_ok($$select core.fail_job_permanently(1, 'same', null, 'x')$$, '22023', null, 'fail_job_permanently with a null claim is 22023');
select throws_ok($$select core.fail_job_permanently(1, 'same', -1, 'x')$$, '22023', null, 'fail_job_permanently with a negative claim is 22023');
select throws_ok($$select core.extend_job_lease(1, 'same', null, '1 minute')$$, '22023', null, 'extend_job_lease with a null claim is 22023');
select throws_ok($$select core.extend_job_lease(1, 'same', -1, '1 minute')$$, '22023', null, 'extend_job_lease with a negative claim is 22023');
select throws_ok($$select core.release_job(1, 'same', null)$$, '22023', null, 'release_job with a null claim is 22023');
select throws_ok($$select core.release_job(1, 'same', -1)$$, '22023', null, 'release_job with a negative claim is 22023');
select throws_ok($$select core.store_document(1, 'same', null, 'x.pdf', pg_temp.pdf('x'))$$, '22023', null, 'store_document with a null claim is 22023');
select throws_ok($$select core.store_document(1, 'same', -1, 'x.pdf', pg_temp.pdf('x'))$$, '22023', null, 'store_document with a negative claim is 22023');
select throws_ok($$select core.complete_jobs(array[1], 'same', null)$$, '22023', null, 'complete_jobs with null claims is 22023');
select throws_ok($$select core.complete_jobs(array[1], 'same', array[null]::int[])$$, '22023', null, 'complete_jobs with a null claim is 22023');
select throws_ok($$select core.complete_jobs(array[1], 'same', array[-1])$$, '22023', null, 'complete_jobs with a negative claim is 22023');
select throws_ok($$select core.complete_jobs(array[1, 2], 'same', array[1])$$, '22023', null, 'complete_jobs with fewer claims than jobs is 22023');
reset role;

-- 10. revive_job: a dead job back to pending, for an operator in psql
select is_definer('core', 'revive_job', array['bigint'], 'core.revive_job() is security definer');
select ok(not pg_catalog.has_function_privilege('public', 'core.revive_job(bigint)', 'execute')
          and not pg_catalog.has_function_privilege('worker', 'core.revive_job(bigint)', 'execute')
          and not exists (select
                          from pg_catalog.pg_auth_members as m
                          where m.member = 'authenticator'::regrole
                            and pg_catalog.has_function_privilege(m.roleid, 'core.revive_job(bigint)', 'execute')),
          'core.revive_job is executable by no role: not PUBLIC, not the worker, no API role');
set local role worker;
select throws_ok(pg_catalog.format('select core.revive_job(%s)', pg_temp.job_id('mailer.tap_claim_permanent')), '42501', null,
                 'the worker cannot revive a job');
reset role;

select throws_ok('select core.revive_job(-1)', 'PT404', 'job -1 not found', 'reviving an unknown job is PT404');
select throws_ok(pg_catalog.format('select core.revive_job(%s)', pg_temp.job_id('mailer.tap_claim_complete')), '22023', null,
                 'reviving a done job is 22023');
select throws_ok(pg_catalog.format('select core.revive_job(%s)', pg_temp.job_id('mailer.tap_claim_fail')), '22023', null,
                 'reviving a pending job is 22023');
select throws_ok(pg_catalog.format('select core.revive_job(%s)', pg_temp.job_id('mailer.tap_claim_extend')), '22023', null,
                 'reviving a running job is 22023');

select is((core.revive_job(pg_temp.job_id('mailer.tap_claim_permanent'))).state, 'pending', 'the dead job is revived: pending');
select results_eq(
    pg_catalog.format($$select state, run_at, attempt, claims, locked_by, locked_until, finished_at from core.jobs where id = %s$$,
                      pg_temp.job_id('mailer.tap_claim_permanent')),
    $$values ('pending'::text, now(), 0, 2, null::text, null::timestamptz, null::timestamptz)$$,
    'due now, its attempts back to 0, no lease and no finish time; its claims kept');
select matches((pg_temp.job(pg_temp.job_id('mailer.tap_claim_permanent'))).last_error, '^smtp: 550; revived by .+ at .+$',
               'its last error is kept, with a note of who revived it and when');

-- a claim of the job's previous life stays stale in its new one
set local role worker;
-- (due now, it may come after pending jobs of the seed: claim them all)
select is((select pg_catalog.array_agg(array[c.attempt, c.claims]) from core.claim_jobs('mailer', 'same', 1000, '1 minute') as c
           where c.id = pg_temp.job_id('mailer.tap_claim_permanent')),
          array[array[1, 3]], 'the revived job is claimed: attempt 1, claim 3');
select is(core.complete_job(pg_temp.job_id('mailer.tap_claim_permanent'), 'same', 1), false,
          'the holder of its first claim, from before it died, completes nothing');
select is(core.complete_job(pg_temp.job_id('mailer.tap_claim_permanent'), 'same', 3), true, 'the new claim completes it');
reset role;

select * from finish();
rollback;
