-- crm.kyc_documents: the client, its agent, the desk's manager and compliance; never finance or IBs
alter table crm.kyc_documents enable row level security;
alter table crm.kyc_documents force row level security;
grant select on crm.kyc_documents to crm_reader;

create policy kyc_documents_select_kyc_readers on crm.kyc_documents
for select to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('crm_client', 'crm_agent', 'crm_manager', 'crm_compliance')
       and exists (select from crm.clients as clients where clients.id = kyc_documents.client_id));

grant select on crm_private.kyc_documents, crm_api.kyc_documents
to crm_agent, crm_manager, crm_compliance, crm_finance, crm_client, crm_ib;

grant execute on function crm_api.submit_kyc_document(uuid, text, text, date) to crm_client, crm_agent, crm_manager;
grant execute on function crm_api.review_kyc(uuid, boolean, text) to crm_compliance;
