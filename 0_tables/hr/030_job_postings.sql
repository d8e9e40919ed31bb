create table hr.job_postings (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references core.tenants (id),
    department_id uuid not null,
    position_id uuid not null,
    title text not null,
    hourly_rate numeric(10, 2) not null,
    status text not null default 'open',
    posted_by uuid references core.users (id),
    created_at timestamptz not null default now(),
    constraint job_postings_id_tenant_id_key unique (id, tenant_id),
    constraint job_postings_department_id_fkey foreign key (department_id, tenant_id) references hr.departments (id, tenant_id),
    constraint job_postings_position_id_fkey foreign key (position_id, tenant_id) references hr.positions (id, tenant_id),
    constraint job_postings_title_not_blank check (title ~ '[^[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\U0001d159\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]'),
    constraint job_postings_hourly_rate_is_positive check (hourly_rate > 0),
    constraint job_postings_status_is_known check (status in ('open', 'closed')),
    constraint job_postings_hourly_rate_is_finite check (hourly_rate not in ('NaN', 'Infinity', '-Infinity'))
);
create index job_postings_tenant_id_idx on hr.job_postings (tenant_id);
comment on table hr.job_postings is 'Open positions a department hires for, with the advertised hourly rate (public, as pay-transparency laws require). Anyone may apply to an open posting.';
