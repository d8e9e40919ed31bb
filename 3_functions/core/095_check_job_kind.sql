create function core.check_job_kind(kind text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
    queue text := pg_catalog.split_part(check_job_kind.kind, '.', 1);
begin
    if check_job_kind.kind is null or check_job_kind.kind !~ '^[a-z]+\.[a-z0-9_]+$' or queue not in ('mailer', 'pdfgen', 'sms') then
        raise exception 'unknown job kind %', coalesce(check_job_kind.kind, 'null')
            using errcode = '22023',
                  hint = 'a kind is <queue>.<what> with queue mailer, pdfgen or sms';
    end if;
    return queue;
end
$$;
comment on function core.check_job_kind(text) is 'The kind check of core.enqueue and core.enqueue_many: returns the queue of kind (<queue>.<what>, lowercase, queue mailer, pdfgen or sms), raises 22023 for anything else (null included). Internal: executable by its owner only.';
