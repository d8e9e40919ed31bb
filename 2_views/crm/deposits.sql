create view crm_api.deposits
with (security_invoker = true)
as
select deposits.id,
       deposits.account_id,
       deposits.amount,
       deposits.currency,
       deposits.method,
       deposits.card_last4,
       deposits.provider_ref,
       deposits.created_at
from crm_private.deposits as deposits;
comment on view crm_api.deposits is 'Deposits the caller may see: finance the brokerage''s, a manager the desk''s, a client their own; never agents, compliance or IBs. card_last4 is all that is kept of a card; provider_ref shows to finance only.';
