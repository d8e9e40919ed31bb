-- The ledger: read by the client (own accounts), a manager (the desk's
-- accounts) and finance (everything of the brokerage); never by agents,
-- compliance or IBs. Written only by the definer functions, append-only.
alter table crm.ledger_transactions enable row level security;
alter table crm.ledger_transactions force row level security;
alter table crm.ledger_entries enable row level security;
alter table crm.ledger_entries force row level security;

grant select on crm.ledger_transactions, crm.ledger_entries to crm_reader;

-- clients and managers: the transactions with an entry they see (the
-- policies of crm.ledger_entries decide, and through them crm.accounts');
-- finance: every transaction of the brokerage
create policy ledger_transactions_select_account_viewer on crm.ledger_transactions
for select
to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('crm_client', 'crm_manager')
       and exists (select from crm.ledger_entries as entries where entries.transaction_id = ledger_transactions.id));

create policy ledger_transactions_select_finance on crm.ledger_transactions
for select
to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'crm_finance');

-- clients and managers: the ledger entries of the accounts they see (crm.accounts'
-- policies decide); one policy for both, so the nested policies of
-- crm.accounts are expanded once per plan. `in` and not a correlated
-- exists: the accounts are read once per statement into a hashed list,
-- where the exists ran once per leg of the brokerage (finance's house legs
-- have no account, so this list cannot serve finance's policy too)
create policy ledger_entries_select_account_viewer on crm.ledger_entries
for select
to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('crm_client', 'crm_manager')
       and account_id in (select accounts.id from crm.accounts as accounts));

create policy ledger_entries_select_finance on crm.ledger_entries
for select
to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'crm_finance');

grant select on crm_private.ledger_entries, crm_api.ledger_entries
to crm_client, crm_manager, crm_finance;
