-- Rendered PDFs: med_private.documents filters core.documents (whose policy
-- keeps the tenant) by app and by the subject row the caller may see.
grant select on med_private.documents, med_api.documents to med_nurse, med_aide, med_guardian, med_supervisor;
grant execute on function med_api.document_content(uuid) to med_nurse, med_aide, med_guardian, med_supervisor;
