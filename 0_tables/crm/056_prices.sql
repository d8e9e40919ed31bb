create table crm.prices (
    id bigint primary key generated always as identity,
    tenant_id uuid not null references core.tenants (id),
    symbol text not null references crm.instruments (symbol),
    price numeric not null,
    at timestamptz not null default now(),
    constraint prices_price_is_positive check (price > 0),
    constraint prices_price_is_finite check (price not in ('NaN', 'Infinity', '-Infinity'))
);
create index prices_tenant_symbol_at_idx on crm.prices (tenant_id, symbol, at desc, id desc);
comment on table crm.prices is 'Mark prices of the brokerage''s price feed (crm_api.set_price), one row per tick; the latest row per symbol values open positions (unrealized P&L, margin checks, close-out).';
