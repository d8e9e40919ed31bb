create table med.districts (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references core.tenants (id),
    name text not null,
    time_zone text not null,
    created_at timestamptz not null default now(),
    constraint districts_id_tenant_id_key unique (id, tenant_id),
    constraint districts_name_not_blank check (name ~ '[^[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\U0001d159\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]'),
    -- an unknown zone raises 22023 (invalid_parameter_value) here
    constraint districts_time_zone_is_known check ((timestamptz '2000-01-01 00:00+00' at time zone time_zone) is not null)
);
create unique index districts_tenant_id_name_key on med.districts (tenant_id, name);
comment on table med.districts is 'A school district (one tenant of the med application may hold one or more); its supervisor sees every school of the tenant.';
comment on column med.districts.time_zone is 'IANA time zone, the default of the district''s schools.';
