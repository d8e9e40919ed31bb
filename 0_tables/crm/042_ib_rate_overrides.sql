create table crm.ib_rate_overrides (
    tenant_id uuid not null,
    ib_id uuid not null,
    instrument_class text not null,
    usd_per_lot numeric not null,
    created_at timestamptz not null default now(),
    constraint ib_rate_overrides_pkey primary key (ib_id, instrument_class),
    constraint ib_rate_overrides_ib_id_fkey foreign key (ib_id, tenant_id) references crm.ibs (id, tenant_id),
    constraint ib_rate_overrides_class_is_known check (instrument_class in ('fx_major', 'fx_minor', 'gold', 'index_major', 'commodity_other', 'equity', 'crypto')),
    constraint ib_rate_overrides_rate_not_negative check (usd_per_lot >= 0),
    constraint ib_rate_overrides_usd_per_lot_is_finite check (usd_per_lot not in ('NaN', 'Infinity', '-Infinity'))
);
comment on column crm.ib_rate_overrides.tenant_id is 'The IB''s brokerage (the foreign key to crm.ibs (id, tenant_id) keeps them equal).';
comment on table crm.ib_rate_overrides is 'A negotiated rate of one (sub-)IB for its own clients'' trades (level 1), replacing the level rate; its parents keep their level rates.';
