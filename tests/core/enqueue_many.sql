-- core.enqueue_many: many jobs of one kind in one set-based insert, each as
-- core.enqueue would queue it. Ids in the order of the payloads, dedupe
-- inside one call and against earlier jobs, the tenant rule, every refused
-- input by its SQLSTATE with nothing queued, who may call it. (That a call
-- wakes a listener once, at commit, is checked by the Go tests of
-- tools/internal/db: NOTIFY is delivered at commit.)
--
-- Every kind below is this suite's own (mailer.tap_many_*), so the counts
-- see only its jobs.
begin;
select plan(62);

-- fixtures: two brokerages, a client of the first, and definer functions
-- that enqueue on the caller's behalf as business functions do
do $$
declare
    tenant uuid;
    other uuid;
begin
    insert into core.tenants (app, name) values ('crm', 'Core Enqueue Many Tests') returning id into tenant;
    insert into core.tenants (app, name) values ('crm', 'Core Enqueue Many Other') returning id into other;
    perform pg_catalog.set_config('tap.tenant', tenant::text, true);
    perform pg_catalog.set_config('tap.other_tenant', other::text, true);
    perform core.create_user(tenant, 'many.client@core.test', 'Many Client', 'crm_client');
end
$$;
create function core.tap_enqueue_many_for_caller(kind text, tenant_id uuid default null)
returns setof bigint
language sql
volatile
security definer
set search_path = ''
as $$
    select core.enqueue_many(tap_enqueue_many_for_caller.kind, array['{"n": 1}', '{"n": 2}']::jsonb[],
                             tenant_id => tap_enqueue_many_for_caller.tenant_id)
$$;
revoke execute on function core.tap_enqueue_many_for_caller(text, uuid) from public;
grant execute on function core.tap_enqueue_many_for_caller(text, uuid) to crm_client;

-- the jobs of a kind, oldest id first (security definer: called while acting
-- as other roles, which may not read core.jobs)
create function pg_temp.jobs_of(kind text)
returns setof core.jobs
language sql
stable
security definer
as $$
    select * from core.jobs as j where j.kind = jobs_of.kind order by j.id
$$;
create function pg_temp.count_of(kind text)
returns int
language sql
stable
security definer
as $$
    select pg_catalog.count(*)::int from core.jobs as j where j.kind = count_of.kind
$$;
grant execute on function pg_temp.jobs_of(text), pg_temp.count_of(text) to crm_client;

-- 1. the function itself
select function_returns('core', 'enqueue_many', array['text', 'jsonb[]', 'timestamp with time zone', 'text[]', 'uuid'],
                        'setof bigint', 'core.enqueue_many returns setof bigint');
select is_definer('core', 'enqueue_many', array['text', 'jsonb[]', 'timestamp with time zone', 'text[]', 'uuid'],
                  'core.enqueue_many is security definer');
select is((select p.proconfig from pg_catalog.pg_proc as p
           where p.oid = 'core.enqueue_many(text, jsonb[], timestamptz, text[], uuid)'::regprocedure),
          array['search_path=""'], 'core.enqueue_many runs with an empty search_path');
select volatility_is('core', 'enqueue_many', array['text', 'jsonb[]', 'timestamp with time zone', 'text[]', 'uuid'], 'volatile',
                     'core.enqueue_many is volatile (it writes)');

-- 2. one job per payload, the ids in the order of the payloads
create temp table ordered as
select e.id, e.position
from core.enqueue_many('mailer.tap_many_order', array['{"n": 3}', '{"n": 1}', '{"n": 2}']::jsonb[], '2000-01-01')
     with ordinality as e(id, position);
select is((select pg_catalog.count(*)::int from ordered), 3, 'one id is returned per payload');
select is(pg_temp.count_of('mailer.tap_many_order'), 3, 'one job is queued per payload');
select is(array(select (j.payload ->> 'n')::int from ordered as o join core.jobs as j on j.id = o.id order by o.position),
          array[3, 1, 2], 'the ids come back in the order of the payloads: the i-th id is the i-th payload''s job');
select is(array(select o.id from ordered as o order by o.position), array(select o.id from ordered as o order by o.id),
          'the ids ascend in the order of the payloads, so workers claim the jobs in that order');
select ok((select pg_catalog.bool_and(j.queue = 'mailer' and j.state = 'pending' and j.attempt = 0
                                      and j.run_at = '2000-01-01' and j.dedupe_key is null)
           from pg_temp.jobs_of('mailer.tap_many_order') as j),
          'each job has the kind''s queue, is pending with no attempt, and runs at run_at');
select is((select pg_catalog.array_agg(j.payload order by j.id) from pg_temp.jobs_of('mailer.tap_many_order') as j),
          array['{"n": 3}', '{"n": 1}', '{"n": 2}']::jsonb[], 'each payload is kept as given');

create temp table single as
select e.id from core.enqueue_many('sms.tap_many_single', array['{}']::jsonb[]) as e(id);
select is((select pg_catalog.count(*)::int from single), 1, 'one payload queues one job');
select is((select j.run_at from pg_temp.jobs_of('sms.tap_many_single') as j), now(), 'run_at defaults to now');
select is((select j.id from pg_temp.jobs_of('sms.tap_many_single') as j), (select s.id from single as s),
          'the id returned is the job''s');
do $$ begin perform core.enqueue_many('sms.tap_many_null_run_at', array['{}']::jsonb[], null); end $$;
select is((select j.run_at from pg_temp.jobs_of('sms.tap_many_null_run_at') as j), now(), 'a null run_at means now, as in core.enqueue');

savepoint before_rollback;
do $$ begin perform core.enqueue_many('mailer.tap_many_rolled_back', array['{}', '{}']::jsonb[]); end $$;
select is(pg_temp.count_of('mailer.tap_many_rolled_back'), 2, 'the jobs are visible in their transaction');
rollback to savepoint before_rollback;
select is(pg_temp.count_of('mailer.tap_many_rolled_back'), 0, 'jobs queued in a transaction that rolls back do not exist');

-- 3. dedupe inside one call: the first position of a kind and key is kept,
-- the later ones return its id; a null key never dedupes
create temp table deduped as
select e.id, e.position
from core.enqueue_many('mailer.tap_many_dedupe',
                       array['{"n": 1}', '{"n": 2}', '{"n": 3}', '{"n": 4}', '{"n": 5}', '{"n": 6}']::jsonb[],
                       dedupe_keys => array['a', null, 'a', 'b', null, 'b'])
     with ordinality as e(id, position);
select is((select pg_catalog.count(*)::int from deduped), 6, 'a deduplicated position still returns an id');
select is(pg_temp.count_of('mailer.tap_many_dedupe'), 4, 'two positions with the same key queue one job, null keys one each');
select is((select d.id from deduped as d where d.position = 3), (select d.id from deduped as d where d.position = 1),
          'a repeated key inside one call returns the first position''s job');
select is((select d.id from deduped as d where d.position = 6), (select d.id from deduped as d where d.position = 4),
          'each repeated key returns its own first position''s job');
select isnt((select d.id from deduped as d where d.position = 5), (select d.id from deduped as d where d.position = 2),
            'two positions without a key are two jobs');
select is((select j.payload from pg_temp.jobs_of('mailer.tap_many_dedupe') as j where j.dedupe_key = 'a'), '{"n": 1}'::jsonb,
          'the first position''s payload is the one kept');
select is(array(select j.id from pg_temp.jobs_of('mailer.tap_many_dedupe') as j),
          array(select distinct d.id from deduped as d order by d.id),
          'every id returned is a queued job of the kind');

-- dedupe against jobs queued before, by core.enqueue or by enqueue_many
do $$
begin
    perform pg_catalog.set_config('tap.old_job', core.enqueue('mailer.tap_many_existing', '{"n": 0}', now(), 'old')::text, true);
end
$$;
create temp table against_existing as
select e.id, e.position
from core.enqueue_many('mailer.tap_many_existing', array['{"n": 1}', '{"n": 2}']::jsonb[], dedupe_keys => array['old', 'new'])
     with ordinality as e(id, position);
select is((select a.id from against_existing as a where a.position = 1), pg_catalog.current_setting('tap.old_job')::bigint,
          'a key queued before by core.enqueue returns that job''s id');
select is((select j.payload from core.jobs as j where j.id = pg_catalog.current_setting('tap.old_job')::bigint), '{"n": 0}'::jsonb,
          'the earlier job is kept unchanged');
select is(pg_temp.count_of('mailer.tap_many_existing'), 2, 'only the new key queues a job');
select is(array(select e.id from core.enqueue_many('mailer.tap_many_existing', array['{"n": 3}', '{"n": 4}']::jsonb[],
                                                   dedupe_keys => array['old', 'new']) as e(id)),
          array(select a.id from against_existing as a order by a.position),
          'the same call again returns the same ids, in order');
select is(pg_temp.count_of('mailer.tap_many_existing'), 2, 'and queues nothing');
select is(core.enqueue('mailer.tap_many_existing', '{"n": 5}', now(), 'new'),
          (select a.id from against_existing as a where a.position = 2),
          'core.enqueue of a key queued by enqueue_many returns that job');
select isnt((select e.id from core.enqueue_many('mailer.tap_many_other_kind', array['{}']::jsonb[],
                                                dedupe_keys => array['old']) as e(id)),
            pg_catalog.current_setting('tap.old_job')::bigint,
            'the same key under another kind is another job');

-- 4. the tenant: tenant_id when given, else the caller's
do $$ begin perform core.enqueue_many('mailer.tap_many_no_request', array['{}', '{}']::jsonb[]); end $$;
select is((select pg_catalog.array_agg(j.tenant_id) from pg_temp.jobs_of('mailer.tap_many_no_request') as j),
          array[null, null]::uuid[], 'jobs queued outside a request have no tenant');
do $$
begin
    perform core.enqueue_many('mailer.tap_many_given', array['{}', '{}']::jsonb[],
                              tenant_id => pg_catalog.current_setting('tap.other_tenant')::uuid);
end
$$;
select is((select pg_catalog.array_agg(distinct j.tenant_id) from pg_temp.jobs_of('mailer.tap_many_given') as j),
          array[pg_catalog.current_setting('tap.other_tenant')::uuid], 'a given tenant_id is every job''s tenant');
select tests.act_as('many.client@core.test');
select is((select pg_catalog.count(*)::int from core.tap_enqueue_many_for_caller('mailer.tap_many_caller')), 2,
          'a business function queues jobs on behalf of the logged-in user');
select is((select pg_catalog.array_agg(distinct j.tenant_id) from pg_temp.jobs_of('mailer.tap_many_caller') as j),
          array[pg_catalog.current_setting('tap.tenant')::uuid], 'without tenant_id the jobs carry the acting user''s tenant');
select is((select pg_catalog.count(*)::int
           from core.tap_enqueue_many_for_caller('mailer.tap_many_caller_given', pg_catalog.current_setting('tap.other_tenant')::uuid)),
          2, 'a business function may name the tenant');
select is((select pg_catalog.array_agg(distinct j.tenant_id) from pg_temp.jobs_of('mailer.tap_many_caller_given') as j),
          array[pg_catalog.current_setting('tap.other_tenant')::uuid], 'a given tenant_id wins over the acting user''s');
reset role;

-- 5. refused input: 22023, and nothing queued
create temp table jobs_before as select pg_catalog.count(*)::int as n from core.jobs;
select throws_ok($$select core.enqueue_many('fax.send', array['{}']::jsonb[])$$, '22023', 'unknown job kind fax.send',
                 'an unknown queue is refused with 22023');
select throws_ok($$select core.enqueue_many(null, array['{}']::jsonb[])$$, '22023', 'unknown job kind null',
                 'a null kind is refused with 22023');
select throws_ok($$select core.enqueue_many('Mailer.Welcome', array['{}']::jsonb[])$$, '22023', 'unknown job kind Mailer.Welcome',
                 'a kind in capitals is refused with 22023');
select throws_ok($$select core.enqueue_many('mailer.tap_many_bad', null)$$, '22023', null, 'a null payloads array is refused with 22023');
select throws_ok($$select core.enqueue_many('mailer.tap_many_bad', '{}'::jsonb[])$$, '22023', null,
                 'an empty payloads array is refused with 22023');
select throws_ok($$select core.enqueue_many('mailer.tap_many_bad', array['{}', null, '{}']::jsonb[])$$, '22023', 'payload 2 of 3 is null',
                 'a null payload is refused with 22023, naming its position');
select throws_ok($$select core.enqueue_many('mailer.tap_many_bad', array[['{}', '{}'], ['{}', '{}']]::jsonb[])$$, '22023', null,
                 'a two-dimensional payloads array is refused with 22023');
select throws_ok($$select core.enqueue_many('mailer.tap_many_bad', array['{}', '{}']::jsonb[], dedupe_keys => array['a'])$$,
                 '22023', 'dedupe_keys has 1 elements for 2 payloads', 'fewer dedupe keys than payloads are refused with 22023');
select throws_ok($$select core.enqueue_many('mailer.tap_many_bad', array['{}']::jsonb[], dedupe_keys => array['a', 'b'])$$,
                 '22023', 'dedupe_keys has 2 elements for 1 payloads', 'more dedupe keys than payloads are refused with 22023');
select throws_ok($$select core.enqueue_many('mailer.tap_many_bad', array['{}']::jsonb[], dedupe_keys => '{}')$$,
                 '22023', 'dedupe_keys has 0 elements for 1 payloads', 'an empty dedupe_keys array is refused with 22023');
select throws_ok($$select core.enqueue_many('mailer.tap_many_bad', array['{}', '{}']::jsonb[], dedupe_keys => array[['a'], ['b']])$$,
                 '22023', null, 'a two-dimensional dedupe_keys array is refused with 22023');
select throws_ok($$select core.enqueue_many('mailer.tap_many_bad', array['{}']::jsonb[], 'infinity')$$, '22023',
                 'run_at infinity is not a finite time', 'an infinite run_at is refused with 22023');
select throws_ok($$select core.enqueue_many('mailer.tap_many_bad', array['{}']::jsonb[], '-infinity')$$, '22023',
                 'run_at -infinity is not a finite time', 'a run_at of -infinity is refused with 22023');
select is((select pg_catalog.count(*)::int from core.jobs), (select b.n from jobs_before as b),
          'the refused calls queued nothing');

-- core.enqueue refuses the same kinds and run_at with the same hint
create function pg_temp.error_of(call text)
returns text
language plpgsql
as $$
declare
    state text;
    message text;
    hint text;
begin
    execute call;
    return 'no error';
exception
    when others then
        get stacked diagnostics state = returned_sqlstate, message = message_text, hint = pg_exception_hint;
        return state || ': ' || message || ' (' || hint || ')';
end
$$;
select is(pg_temp.error_of($$select core.enqueue_many('fax.send', array['{}']::jsonb[])$$),
          '22023: unknown job kind fax.send (a kind is <queue>.<what> with queue mailer, pdfgen or sms)',
          'an unknown kind gets the hint that says what a kind is');
select is(pg_temp.error_of($$select core.enqueue_many('fax.send', array['{}']::jsonb[])$$),
          pg_temp.error_of($$select core.enqueue('fax.send', '{}')$$),
          'core.enqueue refuses an unknown kind with the same SQLSTATE, message and hint');
select throws_ok($$select core.enqueue('mailer.tap_many_bad', '{}', 'infinity')$$, '22023', 'run_at infinity is not a finite time',
                 'core.enqueue refuses an infinite run_at with 22023 too');

-- 6. who may call it: its owner and the definer functions it owns, no
-- API role, reader or the worker, and not PUBLIC
select tests.act_as('many.client@core.test');
select throws_ok($$select core.enqueue_many('mailer.tap_many_by_client', array['{}']::jsonb[])$$, '42501', null,
                 'an application role cannot call core.enqueue_many directly');
select is(pg_temp.count_of('mailer.tap_many_by_client'), 0, 'and nothing is queued');
select tests.act_as_anon();
select throws_ok($$select core.enqueue_many('mailer.tap_many_by_anon', array['{}']::jsonb[])$$, '42501', null,
                 'anon cannot call core.enqueue_many');
set local role worker;
select throws_ok($$select core.enqueue_many('mailer.tap_many_by_worker', array['{}']::jsonb[])$$, '42501', null,
                 'the worker cannot call core.enqueue_many');
reset role;
select is((select pg_catalog.array_agg(r.rolname order by r.rolname)
           from pg_catalog.pg_roles as r
           where (r.oid in (select m.roleid from pg_catalog.pg_auth_members as m where m.member = 'authenticator'::regrole)
                  or r.rolname in ('worker', 'crm_reader', 'med_reader', 'hr_reader'))
             and pg_catalog.has_function_privilege(r.oid, 'core.enqueue_many(text, jsonb[], timestamptz, text[], uuid)', 'execute')),
          null, 'no API role, reader or worker may execute core.enqueue_many');
select ok(not exists (select
                      from pg_catalog.pg_proc as p,
                           pg_catalog.aclexplode(coalesce(p.proacl, pg_catalog.acldefault('f', p.proowner))) as a
                      where p.oid in ('core.enqueue_many(text, jsonb[], timestamptz, text[], uuid)'::regprocedure,
                                      'core.check_job_kind(text)'::regprocedure)
                        and a.grantee = 0),
          'PUBLIC may execute neither core.enqueue_many nor core.check_job_kind');
select ok(pg_catalog.has_function_privilege('crm_client', 'core.tap_enqueue_many_for_caller(text, uuid)', 'execute')
          and pg_catalog.has_function_privilege(current_user, 'core.enqueue_many(text, jsonb[], timestamptz, text[], uuid)', 'execute'),
          'positive control: the check sees a granted function, and the owner may execute core.enqueue_many');

-- 7. the wake-up trigger fires once per statement, so one call is one
-- NOTIFY per queue, not one per job
select ok((select (t.tgtype & 1) = 0 and t.tgenabled = 'O'
           from pg_catalog.pg_trigger as t
           where t.tgrelid = 'core.jobs'::regclass
             and t.tgname = 'jobs_notify'),
          'the jobs_notify trigger is enabled and fires for each statement, not each row');
select trigger_is('core', 'jobs', 'jobs_notify', 'core', 'notify_jobs', 'an insert into core.jobs notifies the workers');

select * from finish();
rollback;
