create function core.complete_jobs(job_ids bigint[], worker text, claims int[])
returns setof bigint
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
    if complete_jobs.job_ids is null or complete_jobs.claims is null
       or pg_catalog.cardinality(complete_jobs.job_ids) <> pg_catalog.cardinality(complete_jobs.claims) then
        raise exception 'job_ids and claims must be arrays of one length, got % and %',
            coalesce(pg_catalog.cardinality(complete_jobs.job_ids)::text, 'null'), coalesce(pg_catalog.cardinality(complete_jobs.claims)::text, 'null')
            using errcode = '22023';
    end if;
    if exists (select from pg_catalog.unnest(complete_jobs.claims) as given (claim) where given.claim is null or given.claim < 1) then
        raise exception 'claims must be the positive claims core.claim_jobs returned' using errcode = '22023';
    end if;

    return query
    update core.jobs as jobs
    set state = 'done',
        locked_by = null,
        locked_until = null,
        last_error = null,
        finished_at = now()
    from rows from (pg_catalog.unnest(complete_jobs.job_ids), pg_catalog.unnest(complete_jobs.claims)) as held (id, claim)
    where jobs.id = held.id
      and jobs.claims = held.claim
      and jobs.state = 'running'
      and jobs.locked_by = complete_jobs.worker
    returning jobs.id;
end
$$;
comment on function core.complete_jobs(bigint[], text, int[]) is 'core.complete_job for many jobs in one statement (a worker records the jobs its handlers finished together): claims[i] is the claim under which the worker holds job_ids[i] (the claims core.claim_jobs returned); marks done those the worker holds under their claim and returns their ids; an id missing from the result was not held (its lease expired and another worker, or another process of the same name, claimed it, or it was already finished). Raises 22023 for arrays of different lengths (or null) and a null or non-positive claim. Worker role only; security definer (search_path '''').';
