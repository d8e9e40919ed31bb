create function crm_private.refresh_reports()
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
    refresh materialized view concurrently crm_private.report_net_deposits_mv;
    refresh materialized view concurrently crm_private.report_funnel_mv;
    refresh materialized view concurrently crm_private.report_agent_leaderboard_mv;
    refresh materialized view concurrently crm_private.report_kyc_queue_mv;
end
$$;
comment on function crm_private.refresh_reports() is 'Refreshes the four CRM report materialized views concurrently (readers are never blocked). Scheduled by 7_schedule/crm/reports.sql.';
