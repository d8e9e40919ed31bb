-- crm_reader owns the private read views; the policies below are written
-- for it. The helpers the policies call run for whoever reads a view, so
-- every logged-in CRM role that reads client data may execute them (they
-- only reveal the caller's own desk, client row and IB subtree, and the ids
-- of the accounts the caller's views show anyway); the price feed reads
-- instruments and prices only, whose policies do not call them.
grant usage on schema crm_private to crm_reader;

grant execute on function crm_private.current_desk_id(), crm_private.current_client_id(), crm_private.current_ib_ids(), crm_private.visible_account_ids()
to crm_reader, crm_agent, crm_manager, crm_compliance, crm_finance, crm_client, crm_ib;
