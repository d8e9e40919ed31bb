create table crm.staff (
    user_id uuid primary key references core.users (id),
    tenant_id uuid not null references core.tenants (id),
    desk_id uuid,
    last_assigned_at timestamptz,
    created_at timestamptz not null default now(),
    constraint staff_desk_id_fkey foreign key (desk_id, tenant_id) references crm.desks (id, tenant_id),
    constraint staff_user_id_tenant_id_key unique (user_id, tenant_id)
);
create index staff_tenant_id_idx on crm.staff (tenant_id);
comment on table crm.staff is 'Brokerage employees (agents, managers, compliance, finance) and their desk; the role itself is core.users.role.';
comment on column crm.staff.desk_id is 'The desk of an agent or a manager; null for compliance, finance and for a manager of the whole brokerage.';
comment on column crm.staff.last_assigned_at is 'When this agent last received a lead: round-robin assignment picks the active agent assigned least recently.';
