alter table crm.withdrawals enable row level security;
alter table crm.withdrawals force row level security;

grant select on crm.withdrawals to crm_reader;

-- clients and managers: the withdrawals of the accounts they see (crm.accounts'
-- policies decide); one policy for both, so the nested policies of
-- crm.accounts are expanded once per plan
-- not the list of crm_private.visible_account_ids() that deposits and
-- positions use: crm_private.documents tests a withdrawal's visibility once
-- per receipt, and a list parameter is tested element by element there
-- (finance's receipts at 4,300 accounts: 5 -> 15 ms, growing with accounts
-- times receipts)
create policy withdrawals_select_account_viewer on crm.withdrawals
for select
to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('crm_client', 'crm_manager')
       and exists (select from crm.accounts as accounts where accounts.id = withdrawals.account_id));

create policy withdrawals_select_finance on crm.withdrawals
for select
to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'crm_finance');

grant select on crm_private.withdrawals, crm_api.withdrawals
to crm_client, crm_manager, crm_finance;

grant execute on function crm_api.request_withdrawal(uuid, numeric) to crm_client;
grant execute on function crm_api.decide_withdrawal(uuid, boolean, text) to crm_finance;
