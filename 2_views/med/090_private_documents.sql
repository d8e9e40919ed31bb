create view med_private.documents as
select documents.id,
       documents.tenant_id,
       documents.kind,
       documents.subject_table,
       documents.subject_id,
       documents.file_name,
       documents.sha256,
       documents.created_at
from core.documents as documents
where documents.app = 'med'
  and (select core.current_user_role()) in ('med_nurse', 'med_aide', 'med_supervisor', 'med_guardian')
  and ((documents.subject_table = 'med.students'
        and exists (select from med.students as students where students.id = documents.subject_id))
       or (documents.subject_table = 'med.screenings'
           and exists (select from med.screenings as screenings where screenings.id = documents.subject_id)));
alter view med_private.documents owner to med_reader;
comment on view med_private.documents is 'Rendered PDFs of the med application (core.documents, app med) whose subject row the acting user may see: runs as med_reader, so the policies of core.documents (tenant) and of the subject table (med.students, med.screenings) decide; teachers see none (they see roster students, but no letter or record about them). Without the bytes: med_api.document_content serves those.';
