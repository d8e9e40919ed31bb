create table crm.aml_cases (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null,
    client_id uuid not null,
    reason text not null,
    total_eur numeric,
    status text not null default 'open',
    opened_at timestamptz not null default now(),
    cleared_by uuid references core.users (id),
    cleared_at timestamptz,
    note text,
    constraint aml_cases_client_id_fkey foreign key (client_id, tenant_id) references crm.clients (id, tenant_id),
    constraint aml_cases_reason_is_known check (reason in ('threshold', 'pep')),
    constraint aml_cases_status_is_known check (status in ('open', 'cleared')),
    constraint aml_cases_cleared_consistently check ((status = 'cleared') = (cleared_at is not null and cleared_by is not null)),
    constraint aml_cases_total_eur_is_finite check (total_eur not in ('NaN', 'Infinity', '-Infinity'))
);
create unique index aml_cases_one_open_per_reason on crm.aml_cases (client_id, reason) where status = 'open';
create index aml_cases_tenant_id_status_idx on crm.aml_cases (tenant_id, status);
comment on table crm.aml_cases is 'AML cases compliance must clear: deposits over the threshold in the window, or a PEP. At most one open case per client and reason.';
comment on column crm.aml_cases.total_eur is 'For a threshold case: the EUR sum of the window that raised it.';
