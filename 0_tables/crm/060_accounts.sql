create table crm.accounts (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references core.tenants (id),
    client_id uuid not null references crm.clients (id),
    currency text not null,
    leverage int not null,
    created_at timestamptz not null default now(),
    constraint accounts_id_tenant_id_key unique (id, tenant_id),
    constraint accounts_currency_is_supported check (currency in ('EUR', 'USD', 'GBP', 'CHF')),
    constraint accounts_leverage_is_positive check (leverage > 0)
);
create index accounts_client_id_idx on crm.accounts (client_id);
create index accounts_tenant_id_idx on crm.accounts (tenant_id);
comment on table crm.accounts is 'Trading accounts of a client, opened by crm_api.open_account once KYC is approved. There is no balance column: the balance is the sum of the account''s ledger entries (crm.ledger_entries).';
comment on column crm.accounts.leverage is 'The leverage the client chose (1:leverage), at most the highest cap of the client''s classification when opened; each position is further capped by its instrument class.';
comment on constraint accounts_id_tenant_id_key on crm.accounts is 'Lets the account''s children reference (id, tenant_id), so a child always carries its account''s tenant.';
