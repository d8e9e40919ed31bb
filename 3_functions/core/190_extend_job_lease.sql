create function core.extend_job_lease(job_id bigint, worker text, claim int, lease interval)
returns boolean
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
    perform core.check_claim(extend_job_lease.claim);
    if extend_job_lease.lease is null or extend_job_lease.lease <= interval '0' then
        raise exception 'lease must be positive, got %', extend_job_lease.lease using errcode = '22023';
    end if;

    update core.jobs as jobs
    set locked_until = now() + extend_job_lease.lease
    where jobs.id = extend_job_lease.job_id
      and jobs.state = 'running'
      and jobs.locked_by = extend_job_lease.worker
      and jobs.claims = extend_job_lease.claim;
    return found;
end
$$;
comment on function core.extend_job_lease(bigint, text, int, interval) is 'The heartbeat of a long job: the lease of a job the worker holds under claim (the claims core.claim_jobs returned) now ends lease from now. False when the worker no longer holds the job under that claim (another worker, or another process of the same name, claimed it after the lease expired, or it is finished): the worker should then stop working on it. Raises 22023 for a null or non-positive claim and a non-positive lease. Worker role only; security definer (search_path '''') because the worker has no privilege on core.jobs.';
