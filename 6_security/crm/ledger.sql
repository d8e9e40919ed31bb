-- The ledger: read by the client (own accounts), a manager (the desk's
-- accounts) and finance (everything of the brokerage); never by agents,
-- compliance or IBs. Written only by the definer functions, append-only.
alter table crm.ledger_transactions enable row level security;
alter table crm.ledger_transactions force row level security;
alter table crm.ledger_entries enable row level security;
alter table crm.ledger_entries force row level security;

grant select on crm.ledger_transactions, crm.ledger_entries to crm_reader;

-- a client: the transactions with a leg on one of their accounts, found by
-- the account_id index from crm_private.visible_account_ids() (a client's
-- few accounts); the policies of crm.ledger_entries still decide which legs
-- count. A manager: the transactions with an entry they see (the policies of
-- crm.ledger_entries decide, and through them crm.accounts'). Finance: every
-- transaction of the brokerage. Apart, because the planner makes one hashed
-- list of the subquery of a policy: with a single exists for clients and
-- managers, a client's read of one leg hashed every leg of the brokerage.
create policy ledger_transactions_select_client on crm.ledger_transactions
for select
to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'crm_client'
       and id in (select entries.transaction_id
                    from crm.ledger_entries as entries
                   where entries.account_id = any ((select crm_private.visible_account_ids())::uuid[])));

create policy ledger_transactions_select_manager on crm.ledger_transactions
for select
to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'crm_manager'
       and exists (select from crm.ledger_entries as entries where entries.transaction_id = ledger_transactions.id));

create policy ledger_transactions_select_finance on crm.ledger_transactions
for select
to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'crm_finance');

-- a client: the legs of their accounts, as crm_private.visible_account_ids()
-- lists them (a few ids, tested against each leg). A manager: the legs of the
-- accounts they see, `in` and not a correlated exists: the accounts are read
-- once per statement into a hashed list, where the exists ran once per leg of
-- the brokerage; not the array of visible_account_ids(), which a scan would
-- test element by element (a manager without a desk lists every account).
-- Finance: every leg, house legs (which have no account) included.
create policy ledger_entries_select_client on crm.ledger_entries
for select
to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'crm_client'
       and account_id = any ((select crm_private.visible_account_ids())::uuid[]));

create policy ledger_entries_select_manager on crm.ledger_entries
for select
to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'crm_manager'
       and account_id in (select accounts.id from crm.accounts as accounts));

create policy ledger_entries_select_finance on crm.ledger_entries
for select
to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'crm_finance');

grant select on crm_private.ledger_entries, crm_api.ledger_entries
to crm_client, crm_manager, crm_finance;
