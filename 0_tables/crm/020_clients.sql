create table crm.clients (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references core.tenants (id),
    user_id uuid references core.users (id),
    email text not null,
    full_name text not null,
    country text not null,
    phone text,
    status text not null default 'lead',
    classification text not null default 'retail',
    is_pep boolean not null default false,
    agent_id uuid,
    desk_id uuid,
    ib_id uuid,
    created_at timestamptz not null default now(),
    status_changed_at timestamptz not null default now(),
    constraint clients_id_tenant_id_key unique (id, tenant_id),
    constraint clients_user_id_key unique (user_id),
    constraint clients_agent_id_fkey foreign key (agent_id, tenant_id) references crm.staff (user_id, tenant_id),
    constraint clients_desk_id_fkey foreign key (desk_id, tenant_id) references crm.desks (id, tenant_id),
    constraint clients_ib_id_fkey foreign key (ib_id, tenant_id) references crm.ibs (id, tenant_id),
    constraint clients_email_is_plausible check (email ~ '^[^@[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]+@[^@[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]+\.[^@[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]+$'),
    constraint clients_full_name_not_blank check (full_name ~ '[^[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\U0001d159\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]'),
    constraint clients_country_is_iso check (country ~ '^[A-Z]{2}$'),
    constraint clients_status_is_known check (status in ('lead', 'registered', 'kyc_pending', 'approved', 'funded', 'active', 'dormant', 'closed')),
    constraint clients_classification_is_known check (classification in ('retail', 'professional'))
);
create unique index clients_tenant_id_email_key on crm.clients (tenant_id, lower(email));
create index clients_agent_id_idx on crm.clients (agent_id);
create index clients_desk_id_idx on crm.clients (desk_id);
create index clients_ib_id_idx on crm.clients (ib_id);
create index clients_tenant_id_status_idx on crm.clients (tenant_id, status);
comment on table crm.clients is 'Leads and clients of a brokerage. Status changes only through crm_private.transition_client (logged in crm.client_events); classification only through crm_api.set_classification (logged in crm.classification_changes).';
comment on column crm.clients.user_id is 'The client''s login (role crm_client), null for a lead that has none yet.';
comment on column crm.clients.status is 'Lifecycle: lead, registered, kyc_pending, approved, funded, active, dormant, closed (moves in crm.status_transitions).';
comment on column crm.clients.classification is 'MiFID classification: retail by default; professional only with recorded evidence and approval.';
comment on column crm.clients.is_pep is 'Politically exposed person: raises an AML case that compliance must clear.';
comment on column crm.clients.desk_id is 'The desk of the assigned agent at assignment; a manager sees the clients of the desk.';
comment on column crm.clients.ib_id is 'The introducing broker whose referral code the client registered with.';
comment on index crm.clients_tenant_id_email_key is 'Leads are deduplicated by e-mail within the brokerage, case-insensitively (23505).';
