create function core.claim_jobs(queue text, worker text, n int, lease interval)
returns setof core.jobs
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    claimed bigint[];
begin
    if claim_jobs.n is null or claim_jobs.n < 1 or claim_jobs.n > 1000 then
        raise exception 'n must be between 1 and 1000, got %', claim_jobs.n using errcode = '22023';
    end if;
    if claim_jobs.lease is null or claim_jobs.lease <= interval '0' then
        raise exception 'lease must be positive, got %', claim_jobs.lease using errcode = '22023';
    end if;
    if coalesce(btrim(claim_jobs.worker), '') = '' then
        raise exception 'worker must name the claiming worker' using errcode = '22023';
    end if;

    -- a job whose lease ran out on its last attempt is dead, not retried forever
    update core.jobs as jobs
    set state = 'dead',
        last_error = coalesce(jobs.last_error || '; ', '') || 'lease expired on the last attempt (worker ' || jobs.locked_by || ')',
        locked_by = null,
        locked_until = null,
        finished_at = now()
    where jobs.queue = claim_jobs.queue
      and jobs.state = 'running'
      and jobs.locked_until < now()
      and jobs.attempt >= jobs.max_attempts;

    -- two index scans rather than one OR (which no index serves, so every
    -- claim would read and sort the whole backlog): expired leases first
    -- (jobs_leased_idx), then pending jobs in run_at order (jobs_claimable_idx)
    select coalesce(pg_catalog.array_agg(expired.id), '{}')
    into claimed
    from (
        select jobs.id
        from core.jobs as jobs
        where jobs.queue = claim_jobs.queue
          and jobs.state = 'running'
          and jobs.locked_until < now()
        order by jobs.locked_until, jobs.id
        limit claim_jobs.n
        for update skip locked
    ) as expired;

    -- (when the expired leases filled the claim, the limit is 0 and the
    -- scan stops at once)
    select claimed || coalesce(pg_catalog.array_agg(pending.id), '{}')
    into claimed
    from (
        select jobs.id
        from core.jobs as jobs
        where jobs.queue = claim_jobs.queue
          and jobs.state = 'pending'
          and jobs.run_at <= now()
        order by jobs.run_at, jobs.id
        limit claim_jobs.n - pg_catalog.cardinality(claimed)
        for update skip locked
    ) as pending;

    return query
    update core.jobs as jobs
    set state = 'running',
        attempt = jobs.attempt + 1,
        claims = jobs.claims + 1,
        locked_by = claim_jobs.worker,
        locked_until = now() + claim_jobs.lease,
        started_at = now()
    where jobs.id = any (claimed)
    returning jobs.*;
end
$$;
comment on function core.claim_jobs(text, text, int, interval) is 'Claims up to n runnable jobs of a queue for worker under a lease (FOR UPDATE SKIP LOCKED, so concurrent workers never take the same job), including jobs whose previous lease expired (a crashed worker). A job whose lease expired on its last attempt is marked dead. Each returned row''s claims names this claim: the worker passes it with its name to every function it calls as the holder (complete_job, fail_job, extend_job_lease, ...), which acts only while the job runs under that very claim. Raises 22023 for n outside 1..1000, a non-positive lease or a blank worker. Worker role only; security definer (search_path '''') because the worker has no privilege on core.jobs.';
