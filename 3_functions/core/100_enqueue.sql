create function core.enqueue(kind text, payload jsonb, run_at timestamptz default now(), dedupe_key text default null,
                             tenant_id uuid default null)
returns bigint
language plpgsql
volatile
security definer
set search_path = ''
as $$
-- the ON CONFLICT inference clause names columns that cannot be qualified
-- (kind, dedupe_key), which are also parameter names
#variable_conflict use_column
declare
    queue text := core.check_job_kind(enqueue.kind);
    job_id bigint;
begin
    if not pg_catalog.isfinite(enqueue.run_at) then
        raise exception 'run_at % is not a finite time', enqueue.run_at
            using errcode = '22023';
    end if;

    insert into core.jobs (tenant_id, queue, kind, payload, run_at, dedupe_key)
    values (coalesce(enqueue.tenant_id, core.current_tenant_id()), queue, enqueue.kind, coalesce(enqueue.payload, '{}'),
            coalesce(enqueue.run_at, now()), enqueue.dedupe_key)
    on conflict (kind, dedupe_key) where dedupe_key is not null do nothing
    returning jobs.id into job_id;

    if job_id is null then
        select jobs.id
        into job_id
        from core.jobs as jobs
        where jobs.kind = enqueue.kind
          and jobs.dedupe_key = enqueue.dedupe_key;
    end if;
    return job_id;
end
$$;
comment on function core.enqueue(text, jsonb, timestamptz, text, uuid) is 'Queues a job for a worker in the caller''s transaction (rolled back with it), and returns its id. The job''s tenant is tenant_id when given (schedules, anonymous requests), else the caller''s. kind is <queue>.<what> (mailer.welcome, pdfgen.statement, sms.sent_home); the same kind and dedupe_key twice keeps the first job. An insert trigger NOTIFYs core_jobs so idle workers wake. Raises 22023 for an unknown kind (core.check_job_kind) and for an infinite run_at (null means now). Many jobs of one kind: core.enqueue_many. Security definer (search_path '''') because API roles have no privilege on core.jobs.';
