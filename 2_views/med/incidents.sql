create view med_api.incidents
with (security_invoker = true)
as
select incidents.id,
       incidents.order_id,
       incidents.count_id,
       incidents.kind,
       incidents.expected,
       incidents.counted,
       incidents.status,
       incidents.opened_at,
       incidents.resolved_at,
       incidents.resolved_by,
       incidents.resolution
from med_private.incidents as incidents;
comment on view med_api.incidents is 'Incidents opened by a count that did not match: nurses and aides of the school, the supervisor.';
