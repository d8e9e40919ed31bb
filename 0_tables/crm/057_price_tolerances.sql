create table crm.price_tolerances (
    id int primary key generated always as identity,
    tenant_id uuid references core.tenants (id),
    instrument_class text not null,
    max_deviation numeric not null,
    constraint price_tolerances_key unique nulls not distinct (tenant_id, instrument_class),
    constraint price_tolerances_class_is_known check (instrument_class in ('fx_major', 'fx_minor', 'gold', 'index_major', 'commodity_other', 'equity', 'crypto')),
    constraint price_tolerances_deviation_in_range check (max_deviation > 0 and max_deviation < 0.5),
    constraint price_tolerances_max_deviation_is_finite check (max_deviation not in ('NaN', 'Infinity', '-Infinity'))
);
comment on table crm.price_tolerances is 'Rule table: how far a fill price (crm_api.open_position, crm_api.close_position) may lie from the brokerage''s latest mark of the symbol (crm.prices), as a fraction of the mark, per instrument class. A fill outside the band, or on a symbol the brokerage has no mark for, is refused (P0001). Rows with a null tenant are the default; a brokerage''s own row replaces it.';
comment on column crm.price_tolerances.max_deviation is 'The largest accepted |fill - mark| / mark, e.g. 0.002 = 0.2 %.';

insert into crm.price_tolerances (tenant_id, instrument_class, max_deviation)
values
    (null, 'fx_major', 0.002),
    (null, 'fx_minor', 0.003),
    (null, 'gold', 0.005),
    (null, 'index_major', 0.005),
    (null, 'commodity_other', 0.01),
    (null, 'equity', 0.01),
    (null, 'crypto', 0.02);
