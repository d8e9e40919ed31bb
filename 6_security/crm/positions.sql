alter table crm.positions enable row level security;
alter table crm.positions force row level security;

grant select on crm.positions to crm_reader;

-- clients, agents and managers: the positions of the accounts they see
-- (crm.accounts' policies decide)
create policy positions_select_account_viewer on crm.positions
for select
to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('crm_client', 'crm_agent', 'crm_manager')
       and exists (select from crm.accounts as accounts where accounts.id = positions.account_id));

create policy positions_select_finance on crm.positions
for select
to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'crm_finance');

grant select on crm_private.positions, crm_api.positions
to crm_client, crm_agent, crm_manager, crm_finance;

grant execute on function crm_api.open_position(uuid, text, text, numeric, numeric) to crm_client, crm_manager;
grant execute on function crm_api.close_position(uuid, numeric) to crm_client, crm_manager;
