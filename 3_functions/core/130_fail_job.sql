create function core.fail_job(job_id bigint, worker text, claim int, error text)
returns text
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    new_state text;
begin
    perform core.check_claim(fail_job.claim);

    update core.jobs as jobs
    set state = case when jobs.attempt >= jobs.max_attempts then 'dead' else 'pending' end,
        run_at = case
                     when jobs.attempt >= jobs.max_attempts then jobs.run_at
                     else now() + least(interval '15 minutes', interval '1 second' * pg_catalog.power(2, jobs.attempt))
                 end,
        finished_at = case when jobs.attempt >= jobs.max_attempts then now() end,
        last_error = fail_job.error,
        locked_by = null,
        locked_until = null
    where jobs.id = fail_job.job_id
      and jobs.state = 'running'
      and jobs.locked_by = fail_job.worker
      and jobs.claims = fail_job.claim
    returning jobs.state into new_state;
    return new_state;
end
$$;
comment on function core.fail_job(bigint, text, int, text) is 'Records a failed attempt of a job the worker holds under claim (the claims core.claim_jobs returned): back to pending after 2^attempt seconds (at most 15 minutes: with the default 15 attempts the retries span about an hour and a half, docs/jobs.md "Retries"), or dead once max_attempts is reached. Returns the new state, null when the worker no longer holds the job under that claim. Raises 22023 for a null or non-positive claim. Worker role only; security definer (search_path '''').';
