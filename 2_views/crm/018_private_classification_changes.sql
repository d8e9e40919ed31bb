create view crm_private.classification_changes as
select classification_changes.id,
       classification_changes.tenant_id,
       classification_changes.client_id,
       classification_changes.from_classification,
       classification_changes.to_classification,
       classification_changes.evidence,
       classification_changes.approved_by,
       classification_changes.approved_at
from crm.classification_changes as classification_changes;
alter view crm_private.classification_changes owner to crm_reader;
comment on view crm_private.classification_changes is 'Classification changes as the acting user may see them: compliance and managers of the tenant (policies of crm.classification_changes, evaluated for crm_reader).';
