create table hr.applications (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references core.tenants (id),
    job_id uuid not null,
    full_name text not null,
    email text not null,
    stage text not null default 'applied',
    offered_at timestamptz,
    hired_at timestamptz,
    employee_id uuid,
    created_at timestamptz not null default now(),
    stage_changed_at timestamptz not null default now(),
    constraint applications_id_tenant_id_key unique (id, tenant_id),
    constraint applications_job_id_fkey foreign key (job_id, tenant_id) references hr.job_postings (id, tenant_id),
    constraint applications_employee_id_fkey foreign key (employee_id, tenant_id) references hr.employees (id, tenant_id),
    constraint applications_full_name_not_blank check (full_name ~ '[^[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\U0001d159\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]'),
    constraint applications_email_is_plausible check (email ~ '^[^@[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]+@[^@[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]+\.[^@[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]+$'),
    constraint applications_stage_is_known check (stage in ('applied', 'screening', 'interview', 'offer', 'hired', 'rejected')),
    constraint applications_hired_has_employee check ((stage = 'hired') = (employee_id is not null and hired_at is not null))
);
create unique index applications_job_id_email_key on hr.applications (job_id, lower(email));
create index applications_tenant_id_idx on hr.applications (tenant_id);
comment on table hr.applications is 'Applications to a job posting, moving through stages applied, screening, interview, offer, then hired or rejected. One application per e-mail and posting (case-insensitive, 23505).';
