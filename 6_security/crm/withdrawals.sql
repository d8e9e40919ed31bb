alter table crm.withdrawals enable row level security;
alter table crm.withdrawals force row level security;

grant select on crm.withdrawals to crm_reader;

-- a client: the withdrawals of their accounts, as
-- crm_private.visible_account_ids() lists them (a few ids). A manager: the
-- withdrawals of the accounts they see, through a correlated exists (the
-- policies of crm.accounts decide), not the list that deposits and positions
-- use: crm_private.documents tests a withdrawal's visibility once per
-- receipt, and a list parameter is tested element by element there (a
-- manager without a desk lists every account of the brokerage; finance's
-- receipts with a list at 4,300 accounts: 5 -> 15 ms). A client's list is a
-- few ids, and their own withdrawals no longer test every account of the
-- brokerage.
create policy withdrawals_select_client on crm.withdrawals
for select
to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'crm_client'
       and account_id = any ((select crm_private.visible_account_ids())::uuid[]));

create policy withdrawals_select_manager on crm.withdrawals
for select
to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'crm_manager'
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
