-- crm.client_events: the lifecycle log follows the client's visibility, minus finance and IBs
alter table crm.client_events enable row level security;
alter table crm.client_events force row level security;
grant select on crm.client_events to crm_reader;

create policy client_events_select_followers on crm.client_events
for select to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('crm_client', 'crm_agent', 'crm_manager', 'crm_compliance')
       and exists (select from crm.clients as clients where clients.id = client_events.client_id));

grant select on crm_private.client_events, crm_api.client_events
to crm_agent, crm_manager, crm_compliance, crm_finance, crm_client, crm_ib;
