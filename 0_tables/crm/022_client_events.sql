create table crm.client_events (
    id bigint generated always as identity primary key,
    tenant_id uuid not null,
    client_id uuid not null,
    from_status text,
    to_status text not null,
    reason text,
    user_id uuid references core.users (id),
    at timestamptz not null default clock_timestamp(),
    constraint client_events_client_id_fkey foreign key (client_id, tenant_id) references crm.clients (id, tenant_id)
);
create index client_events_client_id_at_idx on crm.client_events (client_id, at);
comment on table crm.client_events is 'Append-only lifecycle log: one row per status change (from, to, reason, acting user, time). A trigger refuses update and delete (42501).';
comment on column crm.client_events.from_status is 'Null for the creation of the lead.';
comment on column crm.client_events.user_id is 'The acting user, null for anonymous registration and scheduled sweeps.';
