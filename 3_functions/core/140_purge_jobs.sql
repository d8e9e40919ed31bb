create function core.purge_jobs(older_than interval default '7 days')
returns bigint
language sql
volatile
set search_path = ''
as $$
    with purged as (
        delete from core.jobs as jobs
        where jobs.state in ('done', 'dead')
          and jobs.finished_at < now() - purge_jobs.older_than
        returning 1
    )
    select pg_catalog.count(*) from purged
$$;
comment on function core.purge_jobs(interval) is 'Retention: deletes done and dead jobs finished longer ago than older_than and returns how many. Run by the schedule (7_schedule/core), not by any API role.';
