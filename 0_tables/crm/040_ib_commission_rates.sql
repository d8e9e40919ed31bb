create table crm.ib_commission_rates (
    id int generated always as identity primary key,
    tenant_id uuid references core.tenants (id),
    instrument_class text not null,
    ib_level int not null,
    usd_per_lot numeric not null,
    constraint ib_commission_rates_key unique nulls not distinct (tenant_id, instrument_class, ib_level),
    constraint ib_commission_rates_class_is_known check (instrument_class in ('fx_major', 'fx_minor', 'gold', 'index_major', 'commodity_other', 'equity', 'crypto')),
    constraint ib_commission_rates_level_is_positive check (ib_level >= 1),
    constraint ib_commission_rates_rate_not_negative check (usd_per_lot >= 0),
    constraint ib_commission_rates_usd_per_lot_is_finite check (usd_per_lot not in ('NaN', 'Infinity', '-Infinity'))
);
comment on table crm.ib_commission_rates is 'IB commission in USD per lot by instrument class and level in the chain above the trading client (1: the client''s own IB, 2: its parent, ...). Rows with a null tenant are the default; a tenant''s rows override them for that tenant.';

insert into crm.ib_commission_rates (tenant_id, instrument_class, ib_level, usd_per_lot)
values
    (null, 'fx_major', 1, 5), (null, 'fx_major', 2, 2), (null, 'fx_major', 3, 1),
    (null, 'fx_minor', 1, 6), (null, 'fx_minor', 2, 2), (null, 'fx_minor', 3, 1),
    (null, 'gold', 1, 8), (null, 'gold', 2, 3), (null, 'gold', 3, 1),
    (null, 'index_major', 1, 3), (null, 'index_major', 2, 1), (null, 'index_major', 3, 0.5),
    (null, 'commodity_other', 1, 4), (null, 'commodity_other', 2, 1), (null, 'commodity_other', 3, 0.5),
    (null, 'equity', 1, 2), (null, 'equity', 2, 0.5), (null, 'equity', 3, 0.25),
    (null, 'crypto', 1, 10), (null, 'crypto', 2, 4), (null, 'crypto', 3, 2);
