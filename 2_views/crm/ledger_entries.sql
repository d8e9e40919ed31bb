create view crm_api.ledger_entries
with (security_invoker = true)
as
select entries.id,
       entries.account_id,
       entries.house_account,
       entries.amount,
       entries.currency,
       entries.kind,
       entries.ref_id,
       entries.created_at
from crm_private.ledger_entries as entries;
comment on view crm_api.ledger_entries is 'Ledger legs the caller may see (the sum of an account''s legs is its balance): a client their own accounts'', a manager the desk''s, finance the whole brokerage''s including house accounts; never agents, compliance or IBs. kind is the transaction''s (deposit, withdrawal_reservation, realized_pnl, negative_balance_credit, ...), ref_id the row it books.';
