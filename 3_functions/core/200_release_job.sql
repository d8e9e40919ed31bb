create function core.release_job(job_id bigint, worker text)
returns boolean
language sql
volatile
security definer
set search_path = ''
as $$
    with released as (
        update core.jobs as jobs
        set state = 'pending',
            attempt = jobs.attempt - 1,
            locked_by = null,
            locked_until = null,
            started_at = null
        where jobs.id = release_job.job_id
          and jobs.state = 'running'
          and jobs.locked_by = release_job.worker
        returning 1
    )
    select exists (select from released)
$$;
comment on function core.release_job(bigint, text) is 'Gives a job the worker holds back to the queue without spending an attempt (a worker shutting down before it started the job): pending again at once, attempt as before the claim. False when the worker no longer holds it. Worker role only; security definer (search_path '''').';
