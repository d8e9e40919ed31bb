create function hr_private.refresh_reports()
returns void
language plpgsql
volatile
set search_path = ''
set jit = off
as $$
begin
    refresh materialized view concurrently hr_private.report_hours_by_department_mv;
    refresh materialized view concurrently hr_private.report_overtime_mv;
    refresh materialized view concurrently hr_private.report_certificates_expiring_mv;
    refresh materialized view concurrently hr_private.report_leave_balances_mv;
end
$$;
comment on function hr_private.refresh_reports() is 'Refreshes the four hotel HR report materialized views concurrently (readers are never blocked). Scheduled by 7_schedule/hr/reports.sql.';
