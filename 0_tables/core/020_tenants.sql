create table core.tenants (
    id uuid primary key default gen_random_uuid(),
    app text not null,
    name text not null,
    created_at timestamptz not null default now(),
    constraint tenants_app_is_known check (app in ('crm', 'med', 'hr')),
    constraint tenants_name_not_blank check (name ~ '[^[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\U0001d159\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]'),
    constraint tenants_app_name_key unique (app, name)
);
comment on table core.tenants is 'One customer of one application: a brokerage (crm), a school district (med) or a hotel group (hr). Every application row carries its tenant_id.';
comment on column core.tenants.app is 'The application the tenant uses: crm, med or hr.';
