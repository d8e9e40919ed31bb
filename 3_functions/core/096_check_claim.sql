create function core.check_claim(claim int)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
    if check_claim.claim is null or check_claim.claim < 1 then
        raise exception 'claim must be the positive claims core.claim_jobs returned, got %', coalesce(check_claim.claim::text, 'null')
            using errcode = '22023';
    end if;
end
$$;
comment on function core.check_claim(int) is 'The claim check of every function a job''s holder calls (core.complete_job, core.fail_job, core.extend_job_lease, ...): raises 22023 for a null or non-positive claim, which core.claim_jobs never returns. Internal: executable by its owner only.';
