create view crm_private.client_events as
select client_events.id,
       client_events.tenant_id,
       client_events.client_id,
       client_events.from_status,
       client_events.to_status,
       client_events.reason,
       client_events.user_id,
       client_events.at
from crm.client_events as client_events;
alter view crm_private.client_events owner to crm_reader;
comment on view crm_private.client_events is 'The lifecycle log as the acting user may see it (policies of crm.client_events, evaluated for crm_reader).';
