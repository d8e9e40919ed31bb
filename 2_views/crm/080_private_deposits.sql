create view crm_private.deposits as
select deposits.id,
       deposits.tenant_id,
       deposits.account_id,
       deposits.amount,
       deposits.currency,
       deposits.method,
       case when (select core.current_user_role()) in ('crm_finance', 'crm_manager', 'crm_client') then deposits.card_last4 end as card_last4,
       case when (select core.current_user_role()) = 'crm_finance' then deposits.provider_ref end as provider_ref,
       deposits.created_at
from crm.deposits as deposits;
alter view crm_private.deposits owner to crm_reader;
comment on view crm_private.deposits is 'Deposits as the acting user may see them: runs as crm_reader, so the policies pick the rows (the client their own, a manager the desk''s, finance the brokerage''s; agents, compliance and IBs none). Card data is only ever the last four digits; the provider reference shows to finance only.';
