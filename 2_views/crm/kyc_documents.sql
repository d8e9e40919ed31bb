create view crm_api.kyc_documents
with (security_invoker = true)
as
select kyc_documents.id,
       kyc_documents.client_id,
       kyc_documents.kind,
       kyc_documents.file_name,
       kyc_documents.expires_on,
       kyc_documents.status,
       kyc_documents.uploaded_by,
       kyc_documents.reviewed_by
from crm_private.kyc_documents as kyc_documents;
comment on view crm_api.kyc_documents is 'KYC documents: the client its own, agents those of assigned clients (file_name null), managers the desk, compliance the brokerage; finance and IBs nothing.';
