-- The three school health report materialized views, refreshed concurrently every 15 minutes.
select core.schedule('med.refresh_reports', '*/15 * * * *', 'select med_private.refresh_reports()');
