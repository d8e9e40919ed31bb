create table crm.desks (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references core.tenants (id),
    name text not null,
    created_at timestamptz not null default now(),
    constraint desks_name_not_blank check (name ~ '[^[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\U0001d159\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]'),
    constraint desks_tenant_id_name_key unique (tenant_id, name),
    constraint desks_id_tenant_id_key unique (id, tenant_id)
);
comment on table crm.desks is 'A sales desk of a brokerage: a team of agents led by a manager. A manager sees the clients of the desk.';
