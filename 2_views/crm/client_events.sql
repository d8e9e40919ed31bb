create view crm_api.client_events
with (security_invoker = true)
as
select client_events.id,
       client_events.client_id,
       client_events.from_status,
       client_events.to_status,
       client_events.reason,
       client_events.user_id,
       client_events.at
from crm_private.client_events as client_events;
comment on view crm_api.client_events is 'The append-only lifecycle log of the clients the caller may follow: the client its own, agents their assigned clients, managers the desk, compliance the brokerage.';
