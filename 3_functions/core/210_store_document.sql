create function core.store_document(job_id bigint, worker text, claim int, file_name text, content bytea)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    job core.jobs;
    doc_app text;
    doc_subject_table text;
    doc_subject_id uuid;
    doc_tenant_id uuid;
    doc_id uuid;
begin
    perform core.check_claim(store_document.claim);

    select *
    into job
    from core.jobs as jobs
    where jobs.id = store_document.job_id
    for update;
    if not found then
        raise exception 'job % not found', store_document.job_id using errcode = 'PT404';
    end if;
    if job.state <> 'running' or job.locked_by is distinct from store_document.worker
       or job.claims <> store_document.claim or job.locked_until < now() then
        raise exception 'job % is not running under claim % of worker %', store_document.job_id, store_document.claim, store_document.worker
            using errcode = 'PT409',
                  detail = pg_catalog.format('state %s, claim %s held by %s until %s', job.state, job.claims, coalesce(job.locked_by, 'nobody'), coalesce(job.locked_until::text, '-')),
                  hint = 'the lease expired and another worker may hold the job: stop working on it';
    end if;

    -- a retried job (the worker died after storing, before completing)
    -- stores nothing twice
    select documents.id
    into doc_id
    from core.documents as documents
    where documents.job_id = store_document.job_id;
    if found then
        return doc_id;
    end if;

    if job.queue <> 'pdfgen' then
        raise exception 'job % is a % job, not a pdfgen job', store_document.job_id, job.kind using errcode = '22023';
    end if;
    if coalesce(btrim(store_document.file_name), '') = '' or store_document.file_name ~ '[/\\[:cntrl:]]' then
        raise exception 'file_name must be a plain file name, got %', coalesce(pg_catalog.quote_literal(store_document.file_name), 'null')
            using errcode = '22023';
    end if;
    if store_document.content is null or pg_catalog.substr(store_document.content, 1, 5) <> '\x255044462d'::bytea then
        raise exception 'content of job % is not a PDF document', store_document.job_id using errcode = '22023';
    end if;

    doc_app := job.payload ->> 'app';
    doc_subject_table := job.payload ->> 'subject_table';
    if doc_app is null or doc_app not in ('crm', 'med', 'hr') then
        raise exception 'job % names no known app (payload app %)', store_document.job_id, coalesce(doc_app, 'null')
            using errcode = '22023';
    end if;
    if doc_subject_table is null or doc_subject_table !~ ('^' || doc_app || '\.[a-z_]+$') then
        raise exception 'job % names no subject table of %, got %', store_document.job_id, doc_app, coalesce(doc_subject_table, 'null')
            using errcode = '22023';
    end if;
    if coalesce(job.payload ->> 'subject_id', '') !~* '^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$' then
        raise exception 'job % names no subject row, got subject_id %', store_document.job_id, coalesce(job.payload ->> 'subject_id', 'null')
            using errcode = '22023';
    end if;
    doc_subject_id := (job.payload ->> 'subject_id')::uuid;

    -- the tenant is the job's own (set by core.enqueue from the acting user
    -- or the schedule), never a value of the payload
    doc_tenant_id := job.tenant_id;
    if doc_tenant_id is null
       or not exists (select from core.tenants as tenants where tenants.id = doc_tenant_id and tenants.app = doc_app) then
        raise exception 'job % has no tenant of %', store_document.job_id, doc_app using errcode = '22023';
    end if;

    insert into core.documents (tenant_id, app, kind, subject_table, subject_id, job_id, file_name, content, sha256)
    values (doc_tenant_id, doc_app, pg_catalog.split_part(job.kind, '.', 2), doc_subject_table, doc_subject_id,
            store_document.job_id, store_document.file_name, store_document.content,
            pg_catalog.encode(pg_catalog.sha256(store_document.content), 'hex'))
    returning documents.id into doc_id;
    return doc_id;
end
$$;
comment on function core.store_document(bigint, text, int, text, bytea) is 'The pdfgen worker stores the PDF it rendered for job_id, which it holds under claim (the claims core.claim_jobs returned), and gets the document''s id. The owner application, subject table and subject row come from the job''s payload (app, subject_table, subject_id), the tenant from the job itself, the kind from the job''s kind, the sha256 is computed here. Idempotent per job: a second call for the same job returns the first document. Raises PT404 for an unknown job, PT409 when the job is not running under a live lease of this worker and this very claim, 22023 for a null or non-positive claim, a job that is not pdfgen''s, a payload without a valid app, subject_table or subject_id, a job without a tenant of that app, a blank or path-like file name, or content that is not a PDF. Worker role only; security definer (search_path '''') because the worker has no privilege on core.jobs nor core.documents.';
