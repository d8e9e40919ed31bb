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
    perform core.check_text(apply_for_job.full_name, 'a name', 200);
    perform core.check_text(apply_for_job.email, 'an e-mail address', 254);
    if clean_email is null or not core.is_email(clean_email) then
        raise exception 'invalid e-mail %', coalesce(pg_catalog.left(apply_for_job.email, 254), 'null')
            using errcode = '22023';
    end if;
    if not core.has_text(apply_for_job.full_name) then
        raise exception 'an application needs a full name'
            using errcode = '22023';
    end if;
    -- postings are public; a logged-in user applies within their own group only
    select * into job
    from hr.job_postings as postings
    where postings.id = apply_for_job.job_id
      and ((select core.current_tenant_id()) is null or postings.tenant_id = (select core.current_tenant_id()));
    if job.id is null then
        raise exception 'job posting % not found', coalesce(apply_for_job.job_id::text, 'null')
            using errcode = 'PT404';
    end if;
    if job.status <> 'open' then
        raise exception 'job posting % is closed', job.id
            using errcode = 'PT409';
    end if;
    -- one application per e-mail and posting: the unique index decides, so two
    -- requests at once cannot both pass (the second waits for the first, then
    -- lands here). Anyone may call this, so the answer names only what the
    -- caller sent: never the earlier application's id, date, name or stage,
    -- and no detail (the index's own would repeat the key).
    begin
        insert into hr.applications (tenant_id, job_id, full_name, email)
        values (job.tenant_id, job.id, pg_catalog.btrim(apply_for_job.full_name), clean_email)
        returning applications.id into new_application_id;
    exception
        when unique_violation then
            raise exception '% has already applied to this posting', clean_email
                using errcode = '23505';
    end;
    return new_application_id;
end
$$;
comment on function hr_api.apply_for_job(uuid, text, text) is 'Applies to an open job posting (anonymous visitors and every role); returns the application id. Raises 22023 for a malformed e-mail (core.is_email: white space or an invisible character anywhere included; or one over 254 characters) or a blank name (white space or invisible characters only, core.has_text; or one over 200 characters: anonymous visitors call it), PT404 for an unknown posting (or one of another group for a logged-in user), PT409 for a closed posting, 23505 when the same e-mail already applied to it (case-insensitive; the unique index applications_job_id_email_key decides, so concurrent requests cannot both pass; the message names only the caller''s e-mail, the same whatever became of the earlier application, and a closed posting answers PT409 before any duplicate is looked for). Security definer: anonymous applicants write a table no API role may write.';
