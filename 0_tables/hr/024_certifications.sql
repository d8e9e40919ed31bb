create table hr.certifications (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references core.tenants (id),
    employee_id uuid not null,
    kind text not null,
    issued_on date not null,
    expires_on date not null,
    created_by uuid references core.users (id),
    created_at timestamptz not null default now(),
    constraint certifications_employee_id_fkey foreign key (employee_id, tenant_id) references hr.employees (id, tenant_id),
    constraint certifications_kind_is_known check (kind in ('food_handler', 'alcohol_service', 'first_aid', 'lifeguard')),
    constraint certifications_expires_after_issued check (expires_on > issued_on)
);
create index certifications_employee_id_kind_idx on hr.certifications (employee_id, kind, expires_on);
create index certifications_tenant_id_expires_on_idx on hr.certifications (tenant_id, expires_on);
comment on table hr.certifications is 'Certificates an employee holds, valid from issued_on through expires_on. Scheduling into a position needs a valid certificate of every kind the position requires on every local day of the shift.';
