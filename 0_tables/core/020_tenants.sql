create table core.tenants (
    id uuid primary key default gen_random_uuid(),
    app text not null,
    name text not null,
    created_at timestamptz not null default now(),
    constraint tenants_app_is_known check (app in ('crm', 'med', 'hr')),
    constraint tenants_name_not_blank check (btrim(name) <> ''),
    constraint tenants_app_name_key unique (app, name)
);
comment on table core.tenants is 'One customer of one application: a brokerage (crm), a school district (med) or a hotel group (hr). Every application row carries its tenant_id.';
comment on column core.tenants.app is 'The application the tenant uses: crm, med or hr.';
