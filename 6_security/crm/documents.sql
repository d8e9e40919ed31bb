-- Rendered documents (core.documents, app crm): the private view (owned by
-- crm_reader) picks what the subject rows' policies let the caller see.
grant select on crm_private.documents, crm_api.documents
to crm_agent, crm_manager, crm_compliance, crm_finance, crm_client, crm_ib;

grant execute on function crm_api.document_content(uuid)
to crm_agent, crm_manager, crm_compliance, crm_finance, crm_client, crm_ib;
