alter table crm.deposits enable row level security;
alter table crm.deposits force row level security;

grant select on crm.deposits to crm_reader;

-- one policy: clients, managers and finance read the deposits of the
-- accounts they see (the policies of crm.accounts decide, through
-- crm_private.visible_account_ids(); finance sees every account of the
-- brokerage), one condition the planner puts on the account_id index
-- whatever the audience
create policy deposits_select_account_viewer on crm.deposits
for select
to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('crm_client', 'crm_manager', 'crm_finance')
       and account_id = any ((select crm_private.visible_account_ids())::uuid[]));

grant select on crm_private.deposits, crm_api.deposits
to crm_client, crm_manager, crm_finance;

grant execute on function crm_api.record_deposit(uuid, numeric, text, text, text) to crm_finance;
