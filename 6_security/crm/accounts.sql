alter table crm.accounts enable row level security;
alter table crm.accounts force row level security;

grant select on crm.accounts to crm_reader;

-- a client: the accounts of their own client row, one id the planner
-- compares with each account (crm_private.current_client_id()).
create policy accounts_select_client on crm.accounts
for select
to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'crm_client'
       and client_id = (select crm_private.current_client_id()));

-- agents and managers: the accounts of the clients they see (crm.clients'
-- policies decide: assigned clients, the desk). One policy rather than one
-- per audience: each exists expands the policies of crm.clients again, at
-- every plan of every view built on crm.accounts. Clients apart: through
-- the exists, a client's accounts were found by hashing every client row of
-- the brokerage against its policies.
create policy accounts_select_staff on crm.accounts
for select
to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('crm_agent', 'crm_manager')
       and exists (
           select
           from crm.clients as clients
           where clients.id = accounts.client_id));

create policy accounts_select_finance on crm.accounts
for select
to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'crm_finance');

grant select on crm_private.accounts, crm_api.accounts
to crm_client, crm_agent, crm_manager, crm_finance;

grant execute on function crm_api.open_account(uuid, text, int) to crm_client, crm_manager;
grant execute on function crm_api.account_summary(uuid) to crm_client, crm_agent, crm_manager, crm_finance;
