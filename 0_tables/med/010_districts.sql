create table med.districts (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references core.tenants (id),
    name text not null,
    time_zone text not null,
    created_at timestamptz not null default now(),
    constraint districts_id_tenant_id_key unique (id, tenant_id),
    constraint districts_name_not_blank check (name ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]'),
    -- an unknown zone raises 22023 (invalid_parameter_value) here
    constraint districts_time_zone_is_known check ((timestamptz '2000-01-01 00:00+00' at time zone time_zone) is not null)
);
create unique index districts_tenant_id_name_key on med.districts (tenant_id, name);
comment on table med.districts is 'A school district (one tenant of the med application may hold one or more); its supervisor sees every school of the tenant.';
comment on column med.districts.time_zone is 'IANA time zone, the default of the district''s schools.';
