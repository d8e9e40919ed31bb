create function core.purge_jobs(older_than interval default '7 days')
returns bigint
language sql
volatile
set search_path = ''
as $$
    -- A done job with a dedupe key is the only record that its key was
    -- sent: deleting it lets the next sweep queue the key again. So it is
    -- kept 90 days (or older_than if longer), past the horizon of every
    -- sweep that dedupes (the longest looks 30 days ahead: the CRM KYC and
    -- HR certificate reminders); docs/jobs.md, "Retention".
    with purged as (
        delete from core.jobs as jobs
        where jobs.state in ('done', 'dead')
          and jobs.finished_at < now() - purge_jobs.older_than
          and (jobs.dedupe_key is null
               or jobs.state = 'dead'
               or jobs.finished_at < now() - greatest(purge_jobs.older_than, interval '90 days'))
        returning 1
    )
    select pg_catalog.count(*) from purged
$$;
comment on function core.purge_jobs(interval) is 'Retention: deletes dead jobs and done jobs without a dedupe key finished longer ago than older_than, and done jobs with a dedupe key finished longer ago than 90 days (or older_than if longer), so that no sweep queues a key it already sent again; returns how many. Run by the schedule (7_schedule/core), not by any API role.';
