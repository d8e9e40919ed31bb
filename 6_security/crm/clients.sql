-- crm.clients: who sees which client (through crm_private.clients, owned by crm_reader)
alter table crm.clients enable row level security;
alter table crm.clients force row level security;
grant select on crm.clients to crm_reader;

create policy clients_select_client on crm.clients
for select to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'crm_client'
       and user_id = (select core.current_user_id()));

create policy clients_select_agent on crm.clients
for select to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'crm_agent'
       and agent_id = (select core.current_user_id()));

-- a manager sees the desk (and unassigned clients); a manager without a desk the brokerage
create policy clients_select_manager on crm.clients
for select to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'crm_manager'
       and ((select crm_private.current_desk_id()) is null
            or desk_id is null
            or desk_id = (select crm_private.current_desk_id())));

create policy clients_select_back_office on crm.clients
for select to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('crm_compliance', 'crm_finance'));

create policy clients_select_ib on crm.clients
for select to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'crm_ib'
       and ib_id = any ((select crm_private.current_ib_ids())::uuid[]));

grant select on crm_private.clients, crm_api.clients
to crm_agent, crm_manager, crm_compliance, crm_finance, crm_client, crm_ib;

-- the lifecycle's end: a manager (desk) or compliance closes a client, with a reason
grant execute on function crm_api.close_client(uuid, text) to crm_manager, crm_compliance;
