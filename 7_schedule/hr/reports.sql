-- The four hotel HR report materialized views, refreshed concurrently every 15 minutes.
select core.schedule('hr.refresh_reports', '*/15 * * * *', 'select hr_private.refresh_reports()');
