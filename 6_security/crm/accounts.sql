alter table crm.accounts enable row level security;
alter table crm.accounts force row level security;

grant select on crm.accounts to crm_reader;

-- clients, agents and managers: the accounts of the clients they see
-- (crm.clients' policies decide: their own, assigned clients, the desk; a
-- client moreover only where the client row is theirs). One policy rather
-- than one per audience: each exists expands the policies of crm.clients
-- again, at every plan of every view built on crm.accounts.
create policy accounts_select_client_viewer on crm.accounts
for select
to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('crm_client', 'crm_agent', 'crm_manager')
       and exists (
           select
           from crm.clients as clients
           where clients.id = accounts.client_id
             and ((select core.current_user_role()) <> 'crm_client'
                  or clients.user_id = (select core.current_user_id()))));

create policy accounts_select_finance on crm.accounts
for select
to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'crm_finance');

grant select on crm_private.accounts, crm_api.accounts
to crm_client, crm_agent, crm_manager, crm_finance;

grant execute on function crm_api.open_account(uuid, text, int) to crm_client, crm_manager;
grant execute on function crm_api.account_summary(uuid) to crm_client, crm_agent, crm_manager, crm_finance;
