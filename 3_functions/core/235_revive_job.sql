create function core.revive_job(job_id bigint)
returns core.jobs
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    job core.jobs;
begin
    select *
    into job
    from core.jobs as jobs
    where jobs.id = revive_job.job_id
    for update;
    if not found then
        raise exception 'job % not found', revive_job.job_id using errcode = 'PT404';
    end if;
    if job.state <> 'dead' then
        raise exception 'job % is %, not dead: only a dead job is revived', revive_job.job_id, job.state
            using errcode = '22023';
    end if;

    -- claims is kept: a worker that still holds a claim of the job's
    -- previous life acts on nothing
    update core.jobs as jobs
    set state = 'pending',
        run_at = now(),
        attempt = 0,
        last_error = coalesce(jobs.last_error || '; ', '') || 'revived by ' || session_user || ' at ' || now()::text,
        locked_by = null,
        locked_until = null,
        started_at = null,
        finished_at = null
    where jobs.id = revive_job.job_id
    returning jobs.* into job;

    -- wake the workers of its queue (at commit), as an insert does
    perform pg_catalog.pg_notify('core_jobs', job.queue);
    return job;
end
$$;
comment on function core.revive_job(bigint) is 'An operator brings a dead job back, in psql (select * from core.revive_job(42)), once its cause is fixed (a relay that refused a sender, a payload corrected by hand): pending again at once (run_at now()) with its attempts back to 0, its last_error kept with a note of who revived it and when, no lease and no finish time; the workers of its queue are notified at commit. Returns the job. Raises PT404 for an unknown job and 22023 for a job that is not dead (pending, running or done). The database''s owner (or a superuser) only: executable by no role, not even the worker; security definer (search_path '''').';
