create function core.fail_job_permanently(job_id bigint, worker text, error text)
returns boolean
language sql
volatile
security definer
set search_path = ''
as $$
    with buried as (
        update core.jobs as jobs
        set state = 'dead',
            finished_at = now(),
            last_error = fail_job_permanently.error,
            locked_by = null,
            locked_until = null
        where jobs.id = fail_job_permanently.job_id
          and jobs.state = 'running'
          and jobs.locked_by = fail_job_permanently.worker
        returning 1
    )
    select exists (select from buried)
$$;
comment on function core.fail_job_permanently(bigint, text, text) is 'Records a failure that no retry can cure (an SMTP 5xx, a gateway''s 4xx, a payload the worker cannot render): the job the worker holds is dead at once, with the error. False when the worker no longer holds it. Worker role only; security definer (search_path '''').';
