create view med_private.incidents as
select incidents.id,
       incidents.tenant_id,
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
from med.incidents as incidents;
alter view med_private.incidents owner to med_reader;
comment on view med_private.incidents is 'Controlled substance incidents the acting user may see (nurses, aides, supervisor).';
