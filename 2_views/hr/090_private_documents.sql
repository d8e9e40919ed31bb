create view hr_private.documents as
select documents.id,
       documents.tenant_id,
       documents.kind,
       documents.subject_table,
       documents.subject_id,
       documents.file_name,
       documents.sha256,
       documents.content,
       documents.created_at
from core.documents as documents
where documents.app = 'hr'
  and ((documents.subject_table = 'hr.payslips'
        and exists (select from hr_private.payslips as payslips where payslips.id = documents.subject_id))
       or (documents.subject_table = 'hr.contracts'
           and exists (select from hr_private.contracts as contracts where contracts.id = documents.subject_id)));
alter view hr_private.documents owner to hr_reader;
comment on view hr_private.documents is 'The hr documents the pdfgen worker stored whose subject row the acting user may see: payslips (hr.payslips: the employee, finalized runs only; payroll; admin) and offer letters (hr.contracts: the employee, payroll, admin). A manager sees none. Runs as hr_reader: the policy of core.documents keeps the tenant, the nested private views apply the policies of the subject tables.';
