create view hr_api.documents
with (security_invoker = true)
as
select documents.id,
       documents.kind,
       documents.subject_table,
       documents.subject_id,
       documents.file_name,
       documents.sha256,
       documents.created_at
from hr_private.documents as documents;
comment on view hr_api.documents is 'Metadata of the PDFs rendered for the caller''s rows: their own payslips and offer letter (employees), the group''s (payroll, admin); managers none. The bytes come from hr_api.document_content(id).';
