create function core.complete_job(job_id bigint, worker text)
returns boolean
language sql
volatile
security definer
set search_path = ''
as $$
    with done as (
        update core.jobs as jobs
        set state = 'done',
            locked_by = null,
            locked_until = null,
            last_error = null,
            finished_at = now()
        where jobs.id = complete_job.job_id
          and jobs.state = 'running'
          and jobs.locked_by = complete_job.worker
        returning 1
    )
    select exists (select from done)
$$;
comment on function core.complete_job(bigint, text) is 'Marks a job the worker holds as done; false when the worker no longer holds it (its lease expired and another worker claimed it). Worker role only; security definer (search_path '''').';
