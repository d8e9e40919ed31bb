-- The four CRM report materialized views, refreshed concurrently every 15 minutes.
select core.schedule('crm.refresh_reports', '*/15 * * * *', 'select crm_private.refresh_reports()');
