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
    constraint controlled_counts_order_id_fkey foreign key (order_id, tenant_id) references med.medication_orders (id, tenant_id),
    constraint controlled_counts_kind_is_known check (kind in ('count_in', 'periodic')),
    constraint controlled_counts_quantity_not_negative check (quantity >= 0),
    constraint controlled_counts_count_in_is_positive check (kind <> 'count_in' or quantity > 0),
    constraint controlled_counts_periodic_has_expected check ((kind = 'periodic') = (expected is not null)),
    constraint controlled_counts_two_staff check (counted_by <> witnessed_by)
);
create index controlled_counts_order_id_counted_at_idx on med.controlled_counts (order_id, counted_at);
comment on table med.controlled_counts is 'Controlled substances: units counted in (delivered by the guardian) and periodic counts of what is on hand, each by two staff (counter and witness). A periodic count whose quantity differs from the expected one opens an incident. Append-only.';
comment on column med.controlled_counts.expected is 'For a periodic count: the units that should be on hand (last periodic count, plus units counted in since, minus doses given since).';
