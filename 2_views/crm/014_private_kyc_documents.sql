create view crm_private.kyc_documents as
select kyc_documents.id,
       kyc_documents.tenant_id,
       kyc_documents.client_id,
       kyc_documents.kind,
       case when current_user in ('crm_client', 'crm_manager', 'crm_compliance')
            then kyc_documents.file_name end as file_name,
       kyc_documents.expires_on,
       kyc_documents.status,
       kyc_documents.uploaded_by,
       kyc_documents.uploaded_at,
       kyc_documents.reviewed_by,
       kyc_documents.reviewed_at,
       kyc_documents.review_reason
from crm.kyc_documents as kyc_documents;
alter view crm_private.kyc_documents owner to crm_reader;
comment on view crm_private.kyc_documents is 'KYC documents as the acting user may see them (policies of crm.kyc_documents, evaluated for crm_reader); the file is shown only to the client, managers and compliance, never to agents (by current_user, the role PostgREST switched to).';
