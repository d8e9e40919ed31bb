create function med_private.refresh_reports()
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
    refresh materialized view concurrently med_private.report_immunization_compliance_mv;
    refresh materialized view concurrently med_private.report_visits_by_disposition_mv;
    refresh materialized view concurrently med_private.report_expiring_mv;
end
$$;
comment on function med_private.refresh_reports() is 'Refreshes the three school health report materialized views concurrently (readers are never blocked). Scheduled by 7_schedule/med/reports.sql.';
