create view crm_private.documents as
select documents.id,
       documents.tenant_id,
       documents.kind,
       documents.subject_table,
       documents.subject_id,
       documents.file_name,
       documents.sha256,
       documents.created_at
from core.documents as documents
where documents.app = 'crm'
  and ((documents.subject_table = 'crm.withdrawals'
        and exists (select from crm.withdrawals as withdrawals where withdrawals.id = documents.subject_id))
       or (documents.subject_table = 'crm.accounts'
           and exists (select from crm.accounts as accounts where accounts.id = documents.subject_id)));
alter view crm_private.documents owner to crm_reader;
comment on view crm_private.documents is 'The CRM''s rendered documents (core.documents, app crm) the acting user may see: runs as crm_reader, so the tenant policy of core.documents and the policies of the subject rows decide: a withdrawal receipt for whoever may see the withdrawal (the client, the desk''s manager, finance), a statement for whoever may see the account (the client, its agent, the desk''s manager, finance). Without the bytes: crm_api.document_content serves them.';
