-- Payroll of the first two past workweeks of each demo hotel, run and
-- finalized through the API (payslip PDFs queued, leave accrued), then the
-- reports refreshed.
do $$
declare
    hotel record;
    run uuid;
    saved_jit text := pg_catalog.current_setting('jit');
begin
    perform pg_catalog.set_config('jit', 'off', true);
    for hotel in
        select hotels.id, hotels.name,
               hr_private.week_start((now() at time zone hotels.time_zone)::date, hotels.workweek_starts_on) as this_week
        from hr.hotels as hotels
        where hotels.name in ('Harbor View', 'Alpine Lodge')
        order by hotels.name
    loop
        perform seed.as_hr_user(case when hotel.name = 'Harbor View' then 'payroll@hr.demo' else 'admin@hr.demo' end);
        run := hr_api.run_payroll(hotel.id, hotel.this_week - 28, hotel.this_week - 15);
        perform hr_api.finalize_payroll(run);
    end loop;
    perform pg_catalog.set_config('jit', saved_jit, true);
    perform seed.as_nobody();
end
$$;

-- a fresh build has no readers yet: a plain refresh is cheaper than the
-- concurrent one of hr_private.refresh_reports
do $$
declare
    saved_jit text := pg_catalog.current_setting('jit');
begin
    perform pg_catalog.set_config('jit', 'off', true);
    refresh materialized view hr_private.report_hours_by_department_mv;
    refresh materialized view hr_private.report_overtime_mv;
    refresh materialized view hr_private.report_certificates_expiring_mv;
    refresh materialized view hr_private.report_leave_balances_mv;
    perform pg_catalog.set_config('jit', saved_jit, true);
end
$$;
