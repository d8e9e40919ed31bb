create table med.staff (
    user_id uuid primary key references core.users (id),
    tenant_id uuid not null references core.tenants (id),
    district_id uuid not null,
    title text,
    created_at timestamptz not null default now(),
    constraint staff_user_id_tenant_id_key unique (user_id, tenant_id),
    constraint staff_district_id_fkey foreign key (district_id, tenant_id) references med.districts (id, tenant_id)
);
create index staff_tenant_id_idx on med.staff (tenant_id);
comment on table med.staff is 'District employees who log in: nurses, aides, teachers and supervisors (the role itself is core.users.role). Nurses and aides are assigned to schools (med.school_assignments), teachers have rosters (med.rosters).';
