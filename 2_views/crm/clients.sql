create view crm_api.clients
with (security_invoker = true)
as
select clients.id,
       clients.email,
       clients.full_name,
       clients.status,
       clients.country,
       clients.classification,
       clients.is_pep,
       clients.agent_id,
       clients.ib_id,
       clients.created_at
from crm_private.clients as clients;
comment on view crm_api.clients is 'Clients the caller may see: a client itself, an agent the assigned ones, a manager the desk, compliance and finance the brokerage, an IB its subtree with names and e-mails masked.';
