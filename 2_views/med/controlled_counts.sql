create view med_api.controlled_counts
with (security_invoker = true)
as
select controlled_counts.id,
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
from med_private.controlled_counts as controlled_counts;
comment on view med_api.controlled_counts is 'Controlled substance counts (count in, periodic) with both staff and the witness''s answer (witnessed_at when confirmed, refused_at and refusal_reason when refused; both null while awaiting the witness): nurses and aides of the school, the supervisor.';
