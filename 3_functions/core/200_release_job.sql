create function core.release_job(job_id bigint, worker text, claim int)
returns boolean
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
    perform core.check_claim(release_job.claim);

    -- the attempt is given back, the claim is not: a retried release (its
    -- first answer lost) never releases the job's next claim
    update core.jobs as jobs
    set state = 'pending',
        attempt = jobs.attempt - 1,
        locked_by = null,
        locked_until = null,
        started_at = null
    where jobs.id = release_job.job_id
      and jobs.state = 'running'
      and jobs.locked_by = release_job.worker
      and jobs.claims = release_job.claim;
    return found;
end
$$;
comment on function core.release_job(bigint, text, int) is 'Gives a job the worker holds under claim (the claims core.claim_jobs returned) back to the queue without spending an attempt (a worker shutting down before it started the job): pending again at once, attempt as before the claim (claims is kept, so the next claim is another one). False when the worker no longer holds it under that claim. Raises 22023 for a null or non-positive claim. Worker role only; security definer (search_path '''').';
