create view crm_api.classification_changes
with (security_invoker = true)
as
select classification_changes.id,
       classification_changes.client_id,
       classification_changes.from_classification,
       classification_changes.to_classification,
       classification_changes.evidence,
       classification_changes.approved_by,
       classification_changes.approved_at
from crm_private.classification_changes as classification_changes;
comment on view crm_api.classification_changes is 'Who changed a client''s classification, when, and on what evidence; for compliance and managers.';
