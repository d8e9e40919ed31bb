create view med_api.documents
with (security_invoker = true)
as
select documents.id,
       documents.kind,
       documents.subject_table,
       documents.subject_id,
       documents.file_name,
       documents.sha256,
       documents.created_at
from med_private.documents as documents;
comment on view med_api.documents is 'Metadata of the PDFs (immunization records, deficiency letters, screening referrals) about the students and screenings the caller sees; nurses, aides, the supervisor and guardians (teachers nothing). The bytes: med_api.document_content(id).';
