-- crm.classification_changes: compliance and managers
alter table crm.classification_changes enable row level security;
alter table crm.classification_changes force row level security;
grant select on crm.classification_changes to crm_reader;

create policy classification_changes_select_compliance_manager on crm.classification_changes
for select to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('crm_compliance', 'crm_manager')
       and exists (select from crm.clients as clients where clients.id = classification_changes.client_id));

grant select on crm_private.classification_changes, crm_api.classification_changes
to crm_agent, crm_manager, crm_compliance, crm_finance, crm_client, crm_ib;

grant execute on function crm_api.set_classification(uuid, text, text) to crm_compliance;
