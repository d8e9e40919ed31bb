create function core.complete_job(job_id bigint, worker text, claim int)
returns boolean
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
    perform core.check_claim(complete_job.claim);

    update core.jobs as jobs
    set state = 'done',
        locked_by = null,
        locked_until = null,
        last_error = null,
        finished_at = now()
    where jobs.id = complete_job.job_id
      and jobs.state = 'running'
      and jobs.locked_by = complete_job.worker
      and jobs.claims = complete_job.claim;
    return found;
end
$$;
comment on function core.complete_job(bigint, text, int) is 'Marks a job the worker holds under claim (the claims core.claim_jobs returned) as done; false when it no longer holds it under that claim (its lease expired and another worker, or another process of the same name, claimed it). Raises 22023 for a null or non-positive claim. Worker role only; security definer (search_path '''').';
