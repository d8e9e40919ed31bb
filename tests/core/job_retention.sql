-- Retention of finished jobs (core.purge_jobs): a done job with a dedupe
-- key outlives the 7 days of the others, 90 days, so that the daily sweeps
-- that look 30 days ahead (crm_private.enqueue_kyc_expiry_reminders,
-- hr_private.notify_expiring_certificates) cannot queue a reminder they
-- already sent again once its job is purged (review finding 2).
--
-- Every kind below is this suite's own (mailer.tap_retention_*).
begin;
select plan(12);

-- a job of kind, finished (state) ago; returns its id
create function pg_temp.finished(kind text, dedupe_key text, state text, ago interval)
returns bigint
language plpgsql
as $$
declare
    new_id bigint := core.enqueue(finished.kind, '{}', '2000-01-01', finished.dedupe_key);
begin
    update core.jobs
       set state = finished.state, attempt = 1, finished_at = now() - finished.ago
     where jobs.id = new_id;
    return new_id;
end
$$;
create function pg_temp.kept(id bigint)
returns boolean
language sql
as $$ select exists (select from core.jobs where jobs.id = kept.id) $$;

select pg_catalog.set_config('tap.keyed', pg_temp.finished('mailer.tap_retention_reminder', 'cert-1:2026-12-17', 'done', '8 days')::text, true);
select pg_catalog.set_config('tap.plain', pg_temp.finished('mailer.tap_retention_reminder', null, 'done', '8 days')::text, true);
select pg_catalog.set_config('tap.dead_keyed', pg_temp.finished('mailer.tap_retention_reminder', 'cert-2:2026-12-17', 'dead', '8 days')::text, true);
select pg_catalog.set_config('tap.edge', pg_temp.finished('mailer.tap_retention_edge', 'cert-3:2026-12-17', 'done', '90 days')::text, true);
select pg_catalog.set_config('tap.recent', pg_temp.finished('mailer.tap_retention_reminder', null, 'done', '6 days')::text, true);

select cmp_ok(core.purge_jobs(interval '7 days'), '>=', 2::bigint, 'the schedule''s purge deletes jobs finished over 7 days ago');
select ok(pg_temp.kept(current_setting('tap.keyed')::bigint),
          'a done job with a dedupe key finished 8 days ago is kept');
select is(core.enqueue('mailer.tap_retention_reminder', '{"again": true}', now(), 'cert-1:2026-12-17'),
          current_setting('tap.keyed')::bigint,
          'and still blocks its key: enqueueing the same kind and key returns the done job');
select is((select pg_catalog.count(*)::int from core.jobs
            where kind = 'mailer.tap_retention_reminder' and dedupe_key = 'cert-1:2026-12-17'),
          1, 'no second job is queued for the key');
select ok(not pg_temp.kept(current_setting('tap.plain')::bigint),
          'positive control: a done job without a dedupe key finished 8 days ago is purged');
select ok(pg_temp.kept(current_setting('tap.recent')::bigint),
          'a done job finished 6 days ago is kept');
select ok(not pg_temp.kept(current_setting('tap.dead_keyed')::bigint),
          'a dead job with a dedupe key goes after 7 days: a later sweep may queue its key again');
select ok(pg_temp.kept(current_setting('tap.edge')::bigint),
          'a done keyed job finished exactly 90 days ago is kept');

update core.jobs set finished_at = now() - interval '90 days 1 second' where id = current_setting('tap.edge')::bigint;
select is(core.purge_jobs(interval '7 days') >= 1 and not pg_temp.kept(current_setting('tap.edge')::bigint), true,
          'one second more and it goes');
select isnt(core.enqueue('mailer.tap_retention_edge', '{}', now(), 'cert-3:2026-12-17'), current_setting('tap.edge')::bigint,
            'its key may then be queued again');

-- a retention longer than 90 days holds for keyed jobs too
update core.jobs set finished_at = now() - interval '100 days' where id = current_setting('tap.keyed')::bigint;
select lives_ok($$ select core.purge_jobs(interval '120 days') $$, 'a purge with a 120-day retention');
select ok(pg_temp.kept(current_setting('tap.keyed')::bigint),
          'a keyed job finished 100 days ago is kept under a 120-day retention');

select * from finish();
rollback;
