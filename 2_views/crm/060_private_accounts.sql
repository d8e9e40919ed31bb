create view crm_private.accounts as
select accounts.id,
       accounts.tenant_id,
       accounts.client_id,
       accounts.currency,
       accounts.leverage,
       accounts.created_at
from crm.accounts as accounts;
alter view crm_private.accounts owner to crm_reader;
comment on view crm_private.accounts is 'Trading accounts the acting user may see: runs as crm_reader, so the policies of crm.accounts pick the rows (a client their own, an agent the assigned clients'', a manager the desk''s, finance the brokerage''s; compliance and IBs none). The API functions check visibility through it.';
