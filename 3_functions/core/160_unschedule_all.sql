create function core.unschedule_all()
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
    if exists (select from pg_catalog.pg_extension where extname = 'pg_cron') then
        execute $sql$select cron.unschedule(jobid) from cron.job where jobname like 'thick:%'$sql$;
    end if;
end
$$;
comment on function core.unschedule_all() is 'Removes every pg_cron job this project scheduled (thick:*), so a rebuild leaves exactly the schedules of 7_schedule.';
