create function hr_api.advance_application(application_id uuid, stage text)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    application hr.applications;
    job hr.job_postings;
begin
    if not exists (select from hr_private.applications as applications where applications.id = advance_application.application_id) then
        raise exception 'application % not found', coalesce(advance_application.application_id::text, 'null')
            using errcode = 'PT404';
    end if;
    select * into application from hr.applications as applications where applications.id = advance_application.application_id for update;
    select * into job from hr.job_postings as postings where postings.id = application.job_id;
    perform hr_private.require_department(job.department_id);
    if advance_application.stage is null or advance_application.stage not in ('screening', 'interview', 'offer', 'rejected') then
        raise exception 'unknown stage %', coalesce(advance_application.stage, 'null')
            using errcode = '22023',
                  hint = 'screening, interview, offer or rejected; hire() hires';
    end if;
    if application.stage in ('hired', 'rejected') then
        raise exception 'application % is already %', application.id, application.stage
            using errcode = 'PT409';
    end if;
    if advance_application.stage <> 'rejected'
       and pg_catalog.array_position(array['applied', 'screening', 'interview', 'offer'], advance_application.stage)
           <= pg_catalog.array_position(array['applied', 'screening', 'interview', 'offer'], application.stage) then
        raise exception 'application % is at % already; stages only move forward', application.id, application.stage
            using errcode = 'PT409';
    end if;
    update hr.applications as applications
    set stage = advance_application.stage,
        offered_at = case when advance_application.stage = 'offer' then now() else applications.offered_at end,
        stage_changed_at = now()
    where applications.id = application.id;
end
$$;
comment on function hr_api.advance_application(uuid, text) is 'Moves an application forward (applied, screening, interview, offer) or rejects it. The manager of the posting''s department or an admin. Raises PT404 for an invisible application, 42501 for another department, 22023 for an unknown stage, PT409 for a hired or rejected application or a step backwards. Security definer (search_path '''').';
