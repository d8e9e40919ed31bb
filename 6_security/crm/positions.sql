alter table crm.positions enable row level security;
alter table crm.positions force row level security;

grant select on crm.positions to crm_reader;

-- one policy: clients, agents, managers and finance read the positions of
-- the accounts they see (the policies of crm.accounts decide, through
-- crm_private.visible_account_ids(); finance sees every account of the
-- brokerage), one condition the planner puts on the account_id index
-- whatever the audience
create policy positions_select_account_viewer on crm.positions
for select
to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('crm_client', 'crm_agent', 'crm_manager', 'crm_finance')
       and account_id = any ((select crm_private.visible_account_ids())::uuid[]));

grant select on crm_private.positions, crm_api.positions
to crm_client, crm_agent, crm_manager, crm_finance;

grant execute on function crm_api.open_position(uuid, text, text, numeric, numeric) to crm_client, crm_manager;
grant execute on function crm_api.close_position(uuid, numeric) to crm_client, crm_manager;
