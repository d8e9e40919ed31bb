create table crm.country_rules (
    tenant_id uuid not null references core.tenants (id),
    country text not null,
    agent_id uuid not null,
    created_at timestamptz not null default now(),
    constraint country_rules_pkey primary key (tenant_id, country),
    constraint country_rules_agent_id_fkey foreign key (agent_id, tenant_id) references crm.staff (user_id, tenant_id),
    constraint country_rules_country_is_iso check (country ~ '^[A-Z]{2}$')
);
comment on table crm.country_rules is 'Lead routing: leads of a country go to this agent (if active); other leads are assigned round-robin.';
