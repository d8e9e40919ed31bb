create table crm.desks (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references core.tenants (id),
    name text not null,
    created_at timestamptz not null default now(),
    constraint desks_name_not_blank check (btrim(name) <> ''),
    constraint desks_tenant_id_name_key unique (tenant_id, name),
    constraint desks_id_tenant_id_key unique (id, tenant_id)
);
comment on table crm.desks is 'A sales desk of a brokerage: a team of agents led by a manager. A manager sees the clients of the desk.';
