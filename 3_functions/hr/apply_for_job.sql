create function hr_api.apply_for_job(job_id uuid, full_name text, email text)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    job hr.job_postings;
    clean_email text := pg_catalog.btrim(apply_for_job.email);
    new_application_id uuid;
begin
    if clean_email is null or clean_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' or pg_catalog.length(clean_email) > 254 then
        raise exception 'invalid e-mail %', coalesce(pg_catalog.left(apply_for_job.email, 254), 'null')
            using errcode = '22023';
    end if;
    if pg_catalog.btrim(coalesce(apply_for_job.full_name, '')) = '' or pg_catalog.length(pg_catalog.btrim(apply_for_job.full_name)) > 200 then
        raise exception 'an application needs a full name of at most 200 characters'
            using errcode = '22023';
    end if;
    -- postings are public; a logged-in user applies within their own group only
    select * into job
    from hr.job_postings as postings
    where postings.id = apply_for_job.job_id
      and (core.current_tenant_id() is null or postings.tenant_id = core.current_tenant_id());
    if job.id is null then
        raise exception 'job posting % not found', coalesce(apply_for_job.job_id::text, 'null')
            using errcode = 'PT404';
    end if;
    if job.status <> 'open' then
        raise exception 'job posting % is closed', job.id
            using errcode = 'PT409';
    end if;
    if exists (select from hr.applications as applications
               where applications.job_id = job.id and pg_catalog.lower(applications.email) = pg_catalog.lower(clean_email)) then
        raise exception '% has already applied to this posting', clean_email
            using errcode = '23505';
    end if;
    insert into hr.applications (tenant_id, job_id, full_name, email)
    values (job.tenant_id, job.id, pg_catalog.btrim(apply_for_job.full_name), clean_email)
    returning applications.id into new_application_id;
    return new_application_id;
end
$$;
comment on function hr_api.apply_for_job(uuid, text, text) is 'Applies to an open job posting (anonymous visitors and every role); returns the application id. Raises 22023 for a malformed e-mail (or one over 254 characters) or a blank name (or one over 200 characters: anonymous visitors call it), PT404 for an unknown posting (or one of another group for a logged-in user), PT409 for a closed posting, 23505 when the same e-mail already applied to it (case-insensitive). Security definer: anonymous applicants write a table no API role may write.';
