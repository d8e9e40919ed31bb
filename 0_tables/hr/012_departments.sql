create table hr.departments (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references core.tenants (id),
    hotel_id uuid not null,
    name text not null,
    created_at timestamptz not null default now(),
    constraint departments_id_tenant_id_key unique (id, tenant_id),
    constraint departments_id_hotel_id_key unique (id, hotel_id),
    constraint departments_hotel_id_name_key unique (hotel_id, name),
    constraint departments_hotel_id_fkey foreign key (hotel_id, tenant_id) references hr.hotels (id, tenant_id),
    constraint departments_name_not_blank check (name ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]')
);
create index departments_tenant_id_idx on hr.departments (tenant_id);
comment on table hr.departments is 'Departments of a hotel (Front Desk, Kitchen...). A manager (an employee whose login has the role hr_manager) manages the department they belong to.';
