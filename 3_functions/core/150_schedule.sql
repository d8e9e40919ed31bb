create function core.schedule(job_name text, schedule text, command text)
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
    if not exists (select from pg_catalog.pg_extension where extname = 'pg_cron') then
        raise notice 'pg_cron is not installed in database %: schedule % (%) skipped', current_database(), job_name, schedule;
        return;
    end if;
    execute 'select cron.schedule($1, $2, $3)' using 'thick:' || job_name, schedule, command;
end
$$;
comment on function core.schedule(text, text, text) is 'Schedules command with pg_cron as the job thick:<job_name> (replacing one of that name), or skips it with a notice where pg_cron is not installed in this database (test clones, servers without it).';
