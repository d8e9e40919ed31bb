create view med_private.controlled_counts as
select controlled_counts.id,
       controlled_counts.tenant_id,
       controlled_counts.order_id,
       controlled_counts.kind,
       controlled_counts.quantity,
       controlled_counts.expected,
       controlled_counts.counted_by,
       controlled_counts.witnessed_by,
       controlled_counts.counted_at,
       controlled_counts.witnessed_at,
       controlled_counts.refused_at,
       controlled_counts.refusal_reason
from med.controlled_counts as controlled_counts;
alter view med_private.controlled_counts owner to med_reader;
comment on view med_private.controlled_counts is 'Controlled substance counts the acting user may see (nurses, aides, supervisor).';
