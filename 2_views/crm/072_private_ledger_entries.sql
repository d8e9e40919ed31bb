create view crm_private.ledger_entries as
select entries.id,
       entries.tenant_id,
       entries.transaction_id,
       entries.account_id,
       case when (select core.current_user_role()) = 'crm_finance' then entries.house_account end as house_account,
       entries.currency,
       entries.amount,
       transactions.kind,
       transactions.ref_id,
       entries.created_at
from crm.ledger_entries as entries
join crm.ledger_transactions as transactions on transactions.id = entries.transaction_id;
alter view crm_private.ledger_entries owner to crm_reader;
comment on view crm_private.ledger_entries is 'Ledger legs with their transaction''s kind, as the acting user may see them: runs as crm_reader, so the policies pick the rows (a client the legs of their own accounts, a manager those of the desk''s accounts, finance every leg of the brokerage, house accounts included; agents, compliance and IBs none). The house account name shows to finance only.';
