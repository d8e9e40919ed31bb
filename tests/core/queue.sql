-- The job queue, SQL side: enqueue in the caller's transaction, dedupe,
-- claims under a lease by the worker role only, completion by the holder
-- only, backoff then dead, expired leases claimed again. (NOTIFY is
-- delivered at commit, so the Go tests of tools/internal/db check it.)
--
-- Other jobs may be pending in the database (the seed's); this suite's jobs
-- run_at 2000-01-01, so they are the oldest and a claim of n takes them first.
begin;
select plan(82);

-- fixtures: a brokerage and a client, and a definer function that enqueues
-- on the client's behalf as business functions do
do $$
declare
    tenant uuid;
begin
    insert into core.tenants (app, name) values ('crm', 'Core Queue Tests') returning id into tenant;
    perform pg_catalog.set_config('tap.tenant', tenant::text, true);
    perform core.create_user(tenant, 'queue.client@core.test', 'Queue Client', 'crm_client');
end
$$;
create function core.tap_enqueue_welcome()
returns bigint
language sql
volatile
security definer
set search_path = ''
as $$
    select core.enqueue('mailer.tap_welcome', '{"user": "me"}')
$$;
revoke execute on function core.tap_enqueue_welcome() from public;
grant execute on function core.tap_enqueue_welcome() to crm_client;

-- (security definer: the suite calls them while acting as worker, which may
-- not read core.jobs)
create function pg_temp.job(id bigint)
returns core.jobs
language sql
stable
security definer
as $$
    select * from core.jobs as j where j.id = job.id
$$;

-- the queue's id for a job kind enqueued below (each kind is used once)
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

-- 1. enqueue: in the caller's transaction
savepoint before_enqueue;
do $$ begin perform core.enqueue('mailer.tap_rolled_back', '{}'); end $$;
select is((select pg_catalog.count(*)::int from core.jobs where kind = 'mailer.tap_rolled_back'), 1,
          'an enqueued job is visible in its transaction');
rollback to savepoint before_enqueue;
select is((select pg_catalog.count(*)::int from core.jobs where kind = 'mailer.tap_rolled_back'), 0,
          'a job enqueued in a transaction that rolls back does not exist');

select isnt(core.enqueue('mailer.tap_plain', '{"client_id": "c-1"}', '2000-01-01'), null, 'enqueue returns the job''s id');
select is((pg_temp.job(pg_temp.job_id('mailer.tap_plain'))).queue, 'mailer', 'the queue is the part of the kind before the dot');
select is((pg_temp.job(pg_temp.job_id('mailer.tap_plain'))).state, 'pending', 'a new job is pending');
select is((pg_temp.job(pg_temp.job_id('mailer.tap_plain'))).attempt, 0, 'a new job has made no attempt');
select is((pg_temp.job(pg_temp.job_id('mailer.tap_plain'))).payload, '{"client_id": "c-1"}'::jsonb, 'the payload is kept');
select is((pg_temp.job(pg_temp.job_id('mailer.tap_plain'))).tenant_id, null, 'a job enqueued outside a request has no tenant');

select tests.act_as('queue.client@core.test');
select isnt(core.tap_enqueue_welcome(), null, 'a business function enqueues on behalf of the logged-in user');
reset role;
select is((pg_temp.job(pg_temp.job_id('mailer.tap_welcome'))).tenant_id, pg_catalog.current_setting('tap.tenant')::uuid,
          'the job carries the acting user''s tenant');

-- dedupe: the same kind and key twice keeps the first job
do $$
begin
    perform pg_catalog.set_config('tap.dedupe_first', core.enqueue('sms.tap_dedupe', '{"n": 1}', now(), 'key-1')::text, true);
    perform pg_catalog.set_config('tap.dedupe_second', core.enqueue('sms.tap_dedupe', '{"n": 2}', now(), 'key-1')::text, true);
end
$$;
select is(pg_catalog.current_setting('tap.dedupe_second'), pg_catalog.current_setting('tap.dedupe_first'),
          'enqueueing the same kind and dedupe key twice returns the same job');
select is((select pg_catalog.count(*)::int from core.jobs where kind = 'sms.tap_dedupe'), 1, 'the same kind and dedupe key keep one job');
select is((select payload from core.jobs where kind = 'sms.tap_dedupe'), '{"n": 1}'::jsonb, 'the first job is the one kept');
select isnt(core.enqueue('sms.tap_dedupe_other', '{}', now(), 'key-1'), pg_temp.job_id('sms.tap_dedupe'),
            'the same dedupe key under another kind is another job');
select isnt(core.enqueue('sms.tap_no_key', '{}'), core.enqueue('sms.tap_no_key', '{}'),
            'without a dedupe key every enqueue is a new job');

-- malformed kinds
select throws_ok($$select core.enqueue('fax.send', '{}')$$, '22023', 'unknown job kind fax.send', 'an unknown queue is refused with 22023');
select throws_ok($$select core.enqueue('mailer', '{}')$$, '22023', null, 'a kind without its part after the dot is refused with 22023');
select throws_ok($$select core.enqueue('Mailer.Welcome', '{}')$$, '22023', null, 'a kind in capitals is refused with 22023');
select throws_ok($$select core.enqueue(null, '{}')$$, '22023', 'unknown job kind null', 'a null kind is refused with 22023');

-- only business functions enqueue: no API role calls enqueue itself
select tests.act_as_anon();
select throws_ok($$select core.enqueue('mailer.tap_by_anon', '{}')$$, '42501', null, 'anon cannot enqueue directly');
select tests.act_as('queue.client@core.test');
select throws_ok($$select core.enqueue('mailer.tap_by_client', '{}')$$, '42501', null, 'an application role cannot enqueue directly');
reset role;

-- 2. who may claim: the worker role only, and nobody reads the table
select tests.act_as_anon();
select throws_ok($$select * from core.claim_jobs('mailer', 'w1', 1, '1 minute')$$, '42501', null, 'anon cannot claim jobs');
select throws_ok($$select core.complete_job(1, 'w1', 1)$$, '42501', null, 'anon cannot complete jobs');
select throws_ok($$select core.fail_job(1, 'w1', 1, 'x')$$, '42501', null, 'anon cannot fail jobs');
select throws_ok('select * from core.jobs', '42501', null, 'anon cannot read core.jobs');
select tests.act_as('queue.client@core.test');
select throws_ok($$select * from core.claim_jobs('mailer', 'w1', 1, '1 minute')$$, '42501', null, 'an application role cannot claim jobs');
select throws_ok('select * from core.jobs', '42501', null, 'an application role cannot read core.jobs');
select throws_ok($$insert into core.jobs (queue, kind) values ('mailer', 'mailer.forged')$$, '42501', null, 'an application role cannot insert into core.jobs');
reset role;
select ok(not exists (
              select
              from pg_catalog.pg_auth_members as m
              where m.member = 'authenticator'::regrole
                and (pg_catalog.has_table_privilege(m.roleid, 'core.jobs', 'select, insert, update, delete, truncate, references, trigger')
                     or pg_catalog.has_any_column_privilege(m.roleid, 'core.jobs', 'select, insert, update, references'))),
          'no API role has any privilege on core.jobs');
select ok(not pg_catalog.has_table_privilege('worker', 'core.jobs', 'select, insert, update, delete, truncate')
          and not pg_catalog.has_any_column_privilege('worker', 'core.jobs', 'select, insert, update'),
          'the worker has no privilege on core.jobs either: only the three functions');

-- claim arguments are validated
set local role worker;
select throws_ok($$select * from core.claim_jobs('mailer', 'w1', 0, '1 minute')$$, '22023', null, 'claiming 0 jobs is refused with 22023');
select throws_ok($$select * from core.claim_jobs('mailer', 'w1', 1001, '1 minute')$$, '22023', null, 'claiming more than 1000 jobs is refused with 22023');
select throws_ok($$select * from core.claim_jobs('mailer', 'w1', null, '1 minute')$$, '22023', null, 'claiming a null number of jobs is refused with 22023');
select throws_ok($$select * from core.claim_jobs('mailer', 'w1', 1, '0 seconds')$$, '22023', null, 'a zero lease is refused with 22023');
select throws_ok($$select * from core.claim_jobs('mailer', 'w1', 1, '-1 minute')$$, '22023', null, 'a negative lease is refused with 22023');
select throws_ok($$select * from core.claim_jobs('mailer', ' ', 1, '1 minute')$$, '22023', null, 'a blank worker name is refused with 22023');
select throws_ok($$select * from core.claim_jobs('mailer', null, 1, '1 minute')$$, '22023', null, 'a null worker name is refused with 22023');

-- 3. claim, complete
select is((select pg_catalog.array_agg(id) from core.claim_jobs('mailer', 'w1', 1, '1 minute')),
          array[pg_temp.job_id('mailer.tap_plain')],
          'the worker claims the oldest runnable job of its queue');
reset role;
select is((pg_temp.job(pg_temp.job_id('mailer.tap_plain'))).state, 'running', 'a claimed job is running');
select is((pg_temp.job(pg_temp.job_id('mailer.tap_plain'))).attempt, 1, 'a claim counts an attempt');
select is((pg_temp.job(pg_temp.job_id('mailer.tap_plain'))).locked_by, 'w1', 'a claimed job names its worker');
select is((pg_temp.job(pg_temp.job_id('mailer.tap_plain'))).locked_until, now() + interval '1 minute', 'a claimed job holds a lease of the asked length');
set local role worker;
select ok(pg_temp.job_id('mailer.tap_plain') <> all (select id from core.claim_jobs('mailer', 'w2', 1, '1 minute')),
          'a job under a live lease is not claimed by another worker');
select is(core.complete_job(pg_temp.job_id('mailer.tap_plain'), 'w2', pg_temp.claim(pg_temp.job_id('mailer.tap_plain'))), false, 'a worker that does not hold the job cannot complete it');
select is(core.complete_job(pg_temp.job_id('mailer.tap_plain'), 'w1', pg_temp.claim(pg_temp.job_id('mailer.tap_plain'))), true, 'the holder completes the job');
select is(core.complete_job(pg_temp.job_id('mailer.tap_plain'), 'w1', pg_temp.claim(pg_temp.job_id('mailer.tap_plain'))), false, 'a job is completed once');
reset role;
select is((pg_temp.job(pg_temp.job_id('mailer.tap_plain'))).state, 'done', 'a completed job is done');
select ok((pg_temp.job(pg_temp.job_id('mailer.tap_plain'))).finished_at is not null
          and (pg_temp.job(pg_temp.job_id('mailer.tap_plain'))).locked_by is null,
          'a done job has its finish time and no lease');

-- a claim takes only its own queue
do $$ begin perform core.enqueue('pdfgen.tap_other_queue', '{}', '2000-01-01'); end $$;
set local role worker;
select ok(pg_temp.job_id('pdfgen.tap_other_queue') <> all (select id from core.claim_jobs('sms', 'w1', 1000, '1 minute')),
          'a claim of one queue does not take another queue''s jobs');
select is((select pg_catalog.array_agg(id) from core.claim_jobs('pdfgen', 'w1', 1, '1 minute')),
          array[pg_temp.job_id('pdfgen.tap_other_queue')],
          'the job is claimed from its own queue');
reset role;

-- 4. failures back off, then the job is dead
do $$ begin perform core.enqueue('mailer.tap_failing', '{}', '2000-01-01'); end $$;
update core.jobs set max_attempts = 3 where id = pg_temp.job_id('mailer.tap_failing');
set local role worker;
select is((select pg_catalog.array_agg(id) from core.claim_jobs('mailer', 'w1', 1, '1 minute')),
          array[pg_temp.job_id('mailer.tap_failing')], 'the failing job is claimed (attempt 1)');
select is(core.fail_job(pg_temp.job_id('mailer.tap_failing'), 'w2', pg_temp.claim(pg_temp.job_id('mailer.tap_failing')), 'not mine'), null, 'a worker that does not hold the job cannot fail it');
select is(core.fail_job(pg_temp.job_id('mailer.tap_failing'), 'w1', pg_temp.claim(pg_temp.job_id('mailer.tap_failing')), 'smtp down'), 'pending', 'a failed attempt before the last returns the job to pending');
reset role;
select is((pg_temp.job(pg_temp.job_id('mailer.tap_failing'))).run_at, now() + interval '2 seconds', 'the first retry waits 2 seconds');
select is((pg_temp.job(pg_temp.job_id('mailer.tap_failing'))).attempt, 1, 'the attempt is kept');
select is((pg_temp.job(pg_temp.job_id('mailer.tap_failing'))).last_error, 'smtp down', 'the error is kept');
set local role worker;
select ok(pg_temp.job_id('mailer.tap_failing') <> all (select id from core.claim_jobs('mailer', 'w1', 1000, '1 minute')),
          'a job backing off is not claimed before its run_at');
reset role;
update core.jobs set run_at = '2000-01-01' where id = pg_temp.job_id('mailer.tap_failing');
set local role worker;
select is((select pg_catalog.array_agg(id) from core.claim_jobs('mailer', 'w1', 1, '1 minute')),
          array[pg_temp.job_id('mailer.tap_failing')], 'once its run_at has come it is claimed again (attempt 2)');
select is(core.fail_job(pg_temp.job_id('mailer.tap_failing'), 'w1', pg_temp.claim(pg_temp.job_id('mailer.tap_failing')), 'smtp down again'), 'pending', 'the second failure returns it to pending');
reset role;
select is((pg_temp.job(pg_temp.job_id('mailer.tap_failing'))).run_at, now() + interval '4 seconds', 'the second retry waits 4 seconds');
update core.jobs set run_at = '2000-01-01' where id = pg_temp.job_id('mailer.tap_failing');
set local role worker;
select is((select pg_catalog.array_agg(id) from core.claim_jobs('mailer', 'w1', 1, '1 minute')),
          array[pg_temp.job_id('mailer.tap_failing')], 'the last attempt is claimed (attempt 3)');
select is(core.fail_job(pg_temp.job_id('mailer.tap_failing'), 'w1', pg_temp.claim(pg_temp.job_id('mailer.tap_failing')), 'smtp still down'), 'dead', 'a failure on the last attempt makes the job dead');
reset role;
select ok((pg_temp.job(pg_temp.job_id('mailer.tap_failing'))).finished_at is not null
          and (pg_temp.job(pg_temp.job_id('mailer.tap_failing'))).attempt = 3,
          'a dead job has its finish time and all its attempts');
-- the last attempt is the one whose number equals max_attempts (3 of 3):
-- no retry is scheduled, its run_at stays the one it was claimed under
select is((pg_temp.job(pg_temp.job_id('mailer.tap_failing'))).run_at, '2000-01-01'::timestamptz,
          'a failure on attempt 3 of 3 schedules no retry: the dead job keeps its run_at');

-- 5. an expired lease (a crashed worker) is claimed again by another worker
do $$ begin perform core.enqueue('mailer.tap_crashed', '{}', '2000-01-01'); end $$;
set local role worker;
select is((select pg_catalog.array_agg(id) from core.claim_jobs('mailer', 'w1', 1, '1 minute')),
          array[pg_temp.job_id('mailer.tap_crashed')], 'worker w1 claims the job and then crashes');
reset role;
update core.jobs set locked_until = now() - interval '1 second' where id = pg_temp.job_id('mailer.tap_crashed');
set local role worker;
select is((select pg_catalog.array_agg(id) from core.claim_jobs('mailer', 'w2', 1, '1 minute')),
          array[pg_temp.job_id('mailer.tap_crashed')], 'after the lease expired another worker claims the job');
select is(core.complete_job(pg_temp.job_id('mailer.tap_crashed'), 'w1', pg_temp.claim(pg_temp.job_id('mailer.tap_crashed'))), false, 'the crashed worker can no longer complete it');
select is(core.fail_job(pg_temp.job_id('mailer.tap_crashed'), 'w1', pg_temp.claim(pg_temp.job_id('mailer.tap_crashed')), 'late'), null, 'nor fail it');
reset role;
select is((pg_temp.job(pg_temp.job_id('mailer.tap_crashed'))).attempt, 2, 'the second claim counts a second attempt');
set local role worker;
select is(core.complete_job(pg_temp.job_id('mailer.tap_crashed'), 'w2', pg_temp.claim(pg_temp.job_id('mailer.tap_crashed'))), true, 'the new holder completes it');
reset role;

-- a lease that expires on the last attempt makes the job dead, not retried forever
do $$ begin perform core.enqueue('mailer.tap_poison', '{}', '2000-01-01'); end $$;
update core.jobs set max_attempts = 1 where id = pg_temp.job_id('mailer.tap_poison');
set local role worker;
select is((select pg_catalog.array_agg(id) from core.claim_jobs('mailer', 'w1', 1, '1 minute')),
          array[pg_temp.job_id('mailer.tap_poison')], 'a job with one attempt is claimed');
reset role;
update core.jobs set locked_until = now() - interval '1 second' where id = pg_temp.job_id('mailer.tap_poison');
set local role worker;
select ok(pg_temp.job_id('mailer.tap_poison') <> all (select id from core.claim_jobs('mailer', 'w2', 1000, '1 minute')),
          'its expired lease on the last attempt is not claimed again');
reset role;
select is((pg_temp.job(pg_temp.job_id('mailer.tap_poison'))).state, 'dead', 'it is dead instead');

-- the boundaries, at now() itself (constant within a transaction): a job due
-- now is claimable; a lease that ends now still holds, so the job is neither
-- claimed again nor, on its last attempt, made dead
do $$ begin perform core.enqueue('pdfgen.tap_due_now', '{}', now()); end $$;
set local role worker;
select ok(pg_temp.job_id('pdfgen.tap_due_now') = any (array(select id from core.claim_jobs('pdfgen', 'w1', 1000, '1 minute'))),
          'a job whose run_at is now is claimed');
reset role;
do $$ begin perform core.enqueue('sms.tap_lease_ends_now', '{}', '2000-01-01'); end $$;
update core.jobs set max_attempts = 1 where id = pg_temp.job_id('sms.tap_lease_ends_now');
set local role worker;
select is((select pg_catalog.array_agg(id) from core.claim_jobs('sms', 'w1', 1, '1 minute')),
          array[pg_temp.job_id('sms.tap_lease_ends_now')], 'a job with one attempt is claimed by w1');
reset role;
update core.jobs set locked_until = now() where id = pg_temp.job_id('sms.tap_lease_ends_now');
set local role worker;
select ok(pg_temp.job_id('sms.tap_lease_ends_now') <> all (array(select id from core.claim_jobs('sms', 'w2', 1000, '1 minute'))),
          'a lease that ends now still holds: another worker does not claim the job');
reset role;
select is((pg_temp.job(pg_temp.job_id('sms.tap_lease_ends_now'))).state, 'running',
          'nor is the job made dead on its last attempt while its lease holds');

-- 6. retention, and the wake-up trigger
update core.jobs set finished_at = now() - interval '8 days' where id = pg_temp.job_id('mailer.tap_plain');
select cmp_ok(core.purge_jobs(), '>=', 1::bigint, 'purge_jobs deletes finished jobs older than the retention');
select ok(pg_temp.job_id('mailer.tap_plain') is null and pg_temp.job_id('mailer.tap_crashed') is not null
          and pg_temp.job_id('mailer.tap_welcome') is not null,
          'it keeps recently finished and pending jobs');
-- the retention's edge: a job finished exactly the retention ago stays
update core.jobs set finished_at = now() - interval '7 days' where id = pg_temp.job_id('mailer.tap_crashed');
select is(core.purge_jobs(), 0::bigint, 'a job finished exactly seven days ago is kept: only those finished longer ago go');
update core.jobs set finished_at = now() - interval '7 days 1 second' where id = pg_temp.job_id('mailer.tap_crashed');
select is(core.purge_jobs(), 1::bigint, 'one second more and it goes');
select trigger_is('core', 'jobs', 'jobs_notify', 'core', 'notify_jobs', 'an insert into core.jobs notifies the workers');

select * from finish();
rollback;
