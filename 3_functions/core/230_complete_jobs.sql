create function core.complete_jobs(job_ids bigint[], worker text)
returns setof bigint
language sql
volatile
security definer
set search_path = ''
as $$
    update core.jobs as jobs
    set state = 'done',
        locked_by = null,
        locked_until = null,
        last_error = null,
        finished_at = now()
    where jobs.id = any (complete_jobs.job_ids)
      and jobs.state = 'running'
      and jobs.locked_by = complete_jobs.worker
    returning jobs.id
$$;
comment on function core.complete_jobs(bigint[], text) is 'core.complete_job for many jobs in one statement (a worker records the jobs its handlers finished together): marks done those the worker holds and returns their ids; an id missing from the result was not held (its lease expired and another worker claimed it, or it was already finished). Worker role only; security definer (search_path '''').';
