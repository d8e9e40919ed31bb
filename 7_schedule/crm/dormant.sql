-- The dormant sweep: funded and active clients without activity for 90 days become dormant, daily at 02:30.
select core.schedule('crm.mark_dormant_clients', '30 2 * * *', 'select crm_private.mark_dormant_clients()');
