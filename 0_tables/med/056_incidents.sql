create table med.incidents (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null,
    order_id uuid not null,
    count_id uuid not null,
    kind text not null default 'count_mismatch',
    expected int not null,
    counted int not null,
    status text not null default 'open',
    opened_at timestamptz not null default now(),
    resolved_at timestamptz,
    resolved_by uuid references core.users (id),
    resolution text,
    constraint incidents_order_id_fkey foreign key (order_id, tenant_id) references med.medication_orders (id, tenant_id),
    constraint incidents_count_id_fkey foreign key (count_id) references med.controlled_counts (id),
    constraint incidents_kind_is_known check (kind in ('count_mismatch')),
    constraint incidents_status_is_known check (status in ('open', 'resolved')),
    constraint incidents_resolved_when_resolved check ((status = 'resolved') = (resolved_at is not null and resolved_by is not null and resolution is not null))
);
create index incidents_open_idx on med.incidents (tenant_id, opened_at) where status = 'open';
comment on table med.incidents is 'Controlled substance incidents: a count that did not match opens one; the supervisor or a nurse resolves it with a note, never the one who counted or witnessed that count.';
