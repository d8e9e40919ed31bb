create view crm_api.documents
with (security_invoker = true)
as
select documents.id,
       documents.kind,
       documents.subject_table,
       documents.subject_id,
       documents.file_name,
       documents.sha256,
       documents.created_at
from crm_private.documents as documents;
comment on view crm_api.documents is 'PDFs the pdfgen worker rendered (withdrawal receipts, monthly statements) whose subject row the caller may see; the bytes come from crm_api.document_content(id).';
