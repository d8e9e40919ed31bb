create function core.notify_jobs()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
    queue_name text;
begin
    for queue_name in select distinct new_jobs.queue from new_jobs loop
        perform pg_catalog.pg_notify('core_jobs', queue_name);
    end loop;
    return null;
end
$$;
comment on function core.notify_jobs() is 'After an insert into core.jobs, NOTIFY core_jobs once per queue (payload: the queue name only), delivered at commit, so idle workers wake at once and re-read the table.';

create trigger jobs_notify
after insert on core.jobs
referencing new table as new_jobs
for each statement execute function core.notify_jobs();
