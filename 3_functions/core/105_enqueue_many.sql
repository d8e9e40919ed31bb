create function core.enqueue_many(kind text, payloads jsonb[], run_at timestamptz default now(), dedupe_keys text[] default null,
                                  tenant_id uuid default null)
returns setof bigint
language plpgsql
volatile
security definer
set search_path = ''
as $$
-- the ON CONFLICT inference clause names columns that cannot be qualified
-- (kind, dedupe_key), and kind is also a parameter name
#variable_conflict use_column
declare
    job_queue text := core.check_job_kind(enqueue_many.kind);
    jobs_count int;
    due_at timestamptz := coalesce(enqueue_many.run_at, now());
    job_tenant_id uuid := coalesce(enqueue_many.tenant_id, core.current_tenant_id());
    id_sequence regclass := pg_catalog.pg_get_serial_sequence('core.jobs', 'id')::regclass;
    ids bigint[];
    inserted_count int;
begin
    if enqueue_many.payloads is null or pg_catalog.cardinality(enqueue_many.payloads) = 0 then
        raise exception 'no payloads: enqueue_many takes a non-empty array of payloads'
            using errcode = '22023';
    end if;
    if pg_catalog.array_ndims(enqueue_many.payloads) <> 1 then
        raise exception 'payloads has % dimensions, not one', pg_catalog.array_ndims(enqueue_many.payloads)
            using errcode = '22023';
    end if;
    jobs_count := pg_catalog.cardinality(enqueue_many.payloads);
    if pg_catalog.array_position(enqueue_many.payloads, null) is not null then
        raise exception 'payload % of % is null', pg_catalog.array_position(enqueue_many.payloads, null), jobs_count
            using errcode = '22023',
                  hint = 'a job without fields has the payload {}';
    end if;
    if pg_catalog.cardinality(enqueue_many.dedupe_keys) <> jobs_count then
        raise exception 'dedupe_keys has % elements for % payloads', pg_catalog.cardinality(enqueue_many.dedupe_keys), jobs_count
            using errcode = '22023',
                  hint = 'one key per payload, in the same order (null for a job never deduplicated), or dedupe_keys null';
    end if;
    if pg_catalog.array_ndims(enqueue_many.dedupe_keys) <> 1 then
        raise exception 'dedupe_keys has % dimensions, not one', pg_catalog.array_ndims(enqueue_many.dedupe_keys)
            using errcode = '22023';
    end if;
    if not pg_catalog.isfinite(due_at) then
        raise exception 'run_at % is not a finite time', due_at
            using errcode = '22023';
    end if;

    -- each position draws its id before the insert, so the ids come back in
    -- the order of the payloads without relying on the order of RETURNING;
    -- a position whose key is already taken leaves its id unused, as a
    -- conflicting core.enqueue leaves the identity's value it drew
    ids := array(select pg_catalog.nextval(id_sequence)
                 from pg_catalog.generate_series(1, jobs_count));

    -- rows are inserted in the order of the payloads, so of two positions
    -- with the same key the first one's job is kept
    with inserted as (
        insert into core.jobs (id, tenant_id, queue, kind, payload, run_at, dedupe_key)
        overriding system value
        select input.id, job_tenant_id, job_queue, enqueue_many.kind, input.payload, due_at,
               input.dedupe_key
        from rows from (pg_catalog.unnest(ids), pg_catalog.unnest(enqueue_many.payloads),
                        pg_catalog.unnest(enqueue_many.dedupe_keys)) with ordinality as input(id, payload, dedupe_key, i)
        order by input.i
        on conflict (kind, dedupe_key) where dedupe_key is not null do nothing
        returning jobs.id
    )
    select pg_catalog.count(*) into inserted_count from inserted;

    if inserted_count = jobs_count then
        return query select input.id from pg_catalog.unnest(ids) as input(id);
        return;
    end if;
    -- some keys were taken (looked up only then, as core.enqueue does): a
    -- keyed position returns the job that holds its key, its own, an
    -- earlier position's of this call or one queued before
    return query
    select case when input.dedupe_key is null then input.id else jobs.id end
    from rows from (pg_catalog.unnest(ids), pg_catalog.unnest(enqueue_many.dedupe_keys)) with ordinality
         as input(id, dedupe_key, i)
    left join core.jobs as jobs
           on jobs.kind = enqueue_many.kind
          and jobs.dedupe_key = input.dedupe_key
    order by input.i;
end
$$;
comment on function core.enqueue_many(text, jsonb[], timestamptz, text[], uuid) is 'Queues one job of kind per element of payloads in one set-based insert, in the caller''s transaction, and returns the jobs'' ids one row per payload, in the order of payloads (select ... from core.enqueue_many(...) with ordinality numbers them). Each job is what core.enqueue(kind, payloads[i], run_at, dedupe_keys[i], tenant_id) would queue: tenant_id when given, else the caller''s tenant; dedupe_keys (null, or one key per payload, null elements allowed) keeps the first job of a kind and key, also between two positions of one call, and returns its id. The insert trigger NOTIFYs core_jobs once per queue for the whole call. Raises 22023 for an unknown kind, a null or empty payloads, a null payload, dedupe_keys of another length, a multidimensional array and an infinite run_at (null means now); nothing is queued then. Returns setof bigint rather than (position, id) pairs: the order is the mapping, and most callers only count. Security definer (search_path '''') because API roles have no privilege on core.jobs; like core.enqueue, executable by its owner only, so business functions call it.';
