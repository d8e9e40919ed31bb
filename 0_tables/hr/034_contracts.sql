create table hr.contracts (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references core.tenants (id),
    employee_id uuid not null,
    position_id uuid not null,
    application_id uuid,
    starts_on date not null,
    hourly_rate numeric(10, 2) not null,
    created_by uuid references core.users (id),
    created_at timestamptz not null default now(),
    constraint contracts_employee_id_fkey foreign key (employee_id, tenant_id) references hr.employees (id, tenant_id),
    constraint contracts_position_id_fkey foreign key (position_id, tenant_id) references hr.positions (id, tenant_id),
    constraint contracts_application_id_fkey foreign key (application_id, tenant_id) references hr.applications (id, tenant_id),
    constraint contracts_hourly_rate_is_positive check (hourly_rate > 0),
    constraint contracts_hourly_rate_is_finite check (hourly_rate not in ('NaN', 'Infinity', '-Infinity'))
);
create index contracts_employee_id_idx on hr.contracts (employee_id);
create index contracts_tenant_id_idx on hr.contracts (tenant_id);
comment on table hr.contracts is 'Employment contracts: position, start and the agreed hourly rate; hiring writes one with its offer letter (pdfgen.offer_letter, subject hr.contracts).';
