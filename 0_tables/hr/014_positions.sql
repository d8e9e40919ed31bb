create table hr.positions (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references core.tenants (id),
    department_id uuid not null,
    title text not null,
    is_tipped boolean not null default false,
    created_at timestamptz not null default now(),
    constraint positions_id_tenant_id_key unique (id, tenant_id),
    constraint positions_id_department_id_key unique (id, department_id),
    constraint positions_department_id_title_key unique (department_id, title),
    constraint positions_department_id_fkey foreign key (department_id, tenant_id) references hr.departments (id, tenant_id),
    constraint positions_title_not_blank check (title ~ '[^[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\U0001d159\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]')
);
create index positions_tenant_id_idx on hr.positions (tenant_id);
comment on table hr.positions is 'Positions of a department (Receptionist, Line Cook, Server...). The certifications a position requires are in hr.position_certifications.';
comment on column hr.positions.is_tipped is 'A tipped position: an employee hired into it is tipped (may be paid the cash wage, minimum wage less the tip credit of hr.wage_rules).';
