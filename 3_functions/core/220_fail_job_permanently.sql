create function core.fail_job_permanently(job_id bigint, worker text, claim int, error text)
returns boolean
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
    perform core.check_claim(fail_job_permanently.claim);

    update core.jobs as jobs
    set state = 'dead',
        finished_at = now(),
        last_error = fail_job_permanently.error,
        locked_by = null,
        locked_until = null
    where jobs.id = fail_job_permanently.job_id
      and jobs.state = 'running'
      and jobs.locked_by = fail_job_permanently.worker
      and jobs.claims = fail_job_permanently.claim;
    return found;
end
$$;
comment on function core.fail_job_permanently(bigint, text, int, text) is 'Records a failure that no retry can cure (an SMTP 5xx, a gateway''s 4xx, a payload the worker cannot render): the job the worker holds under claim (the claims core.claim_jobs returned) is dead at once, with the error. False when the worker no longer holds it under that claim. Raises 22023 for a null or non-positive claim. Worker role only; security definer (search_path '''').';
