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
    constraint departments_name_not_blank check (name ~ '[^[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\U0001d159\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]')
);
create index departments_tenant_id_idx on hr.departments (tenant_id);
comment on table hr.departments is 'Departments of a hotel (Front Desk, Kitchen...). A manager (an employee whose login has the role hr_manager) manages the department they belong to.';
