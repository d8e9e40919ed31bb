create table med.controlled_counts (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null,
    order_id uuid not null,
    kind text not null,
    quantity int not null,
    expected int,
    counted_by uuid not null references core.users (id),
    witnessed_by uuid not null references core.users (id),
    counted_at timestamptz not null default now(),
    witnessed_at timestamptz,
    refused_at timestamptz,
    refusal_reason text,
    constraint controlled_counts_order_id_fkey foreign key (order_id, tenant_id) references med.medication_orders (id, tenant_id),
    constraint controlled_counts_kind_is_known check (kind in ('count_in', 'periodic')),
    constraint controlled_counts_quantity_not_negative check (quantity >= 0),
    constraint controlled_counts_count_in_is_positive check (kind <> 'count_in' or quantity > 0),
    constraint controlled_counts_periodic_has_expected check ((kind = 'periodic') = (expected is not null)),
    constraint controlled_counts_two_staff check (counted_by <> witnessed_by),
    constraint controlled_counts_witnessed_after_count check (witnessed_at >= counted_at),
    constraint controlled_counts_witnessed_or_refused check (witnessed_at is null or refused_at is null),
    constraint controlled_counts_refused_after_count check (refused_at >= counted_at),
    constraint controlled_counts_refusal_has_reason check ((refused_at is null) = (refusal_reason is null)),
    constraint controlled_counts_refusal_reason_not_blank check (refusal_reason ~ '[^[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\U0001d159\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]')
);
create index controlled_counts_order_id_counted_at_idx on med.controlled_counts (order_id, counted_at);
comment on table med.controlled_counts is 'Controlled substances: units counted in (delivered by the guardian) and periodic counts of what is on hand, each by two staff: the counter records it naming the witness, the witness confirms it in their own session (med_api.witness_count stamps witnessed_at). Only witnessed counts move the units on hand; a witnessed periodic count whose quantity differs from the expected one opens an incident. Append-only, but for the witness''s answer, stamped once: witnessed_at (confirmed) or refused_at with refusal_reason (refused).';
comment on column med.controlled_counts.witnessed_at is 'When the named witness confirmed the count (med_api.witness_count); null while the count awaits its witness. An unwitnessed count does not count (med_private.controlled_on_hand) and, after 12 hours, can no longer be witnessed.';
comment on column med.controlled_counts.refused_at is 'When the named witness refused the count (med_api.refuse_count: they did not see what it says), with refusal_reason; a refused count never counts, never holds up a periodic count, and stays in the log. A count is witnessed or refused, never both.';
comment on column med.controlled_counts.expected is 'For a periodic count: the units that should be on hand (last periodic count, plus units counted in since, minus doses given since).';
