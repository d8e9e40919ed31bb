create view crm_api.accounts
with (security_invoker = true)
as
select accounts.id,
       accounts.client_id,
       accounts.currency,
       accounts.leverage,
       accounts.created_at
from crm_private.accounts as accounts;
comment on view crm_api.accounts is 'Trading accounts the caller may see: a client their own, an agent the assigned clients'', a manager the desk''s, finance the brokerage''s. Balances come from crm_api.account_summary.';
