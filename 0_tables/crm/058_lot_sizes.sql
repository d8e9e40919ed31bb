create table crm.lot_sizes (
    id int primary key generated always as identity,
    tenant_id uuid references core.tenants (id),
    instrument_class text not null,
    lot_step numeric not null,
    min_lots numeric not null,
    max_lots numeric not null,
    constraint lot_sizes_key unique nulls not distinct (tenant_id, instrument_class),
    constraint lot_sizes_class_is_known check (instrument_class in ('fx_major', 'fx_minor', 'gold', 'index_major', 'commodity_other', 'equity', 'crypto')),
    constraint lot_sizes_step_is_positive check (lot_step > 0),
    constraint lot_sizes_bounds_are_ordered check (min_lots >= lot_step and max_lots >= min_lots),
    constraint lot_sizes_bounds_are_steps check (min_lots % nullif(lot_step, 0) = 0 and max_lots % nullif(lot_step, 0) = 0),
    constraint lot_sizes_lot_step_is_finite check (lot_step not in ('NaN', 'Infinity', '-Infinity')),
    constraint lot_sizes_min_lots_is_finite check (min_lots not in ('NaN', 'Infinity', '-Infinity')),
    constraint lot_sizes_max_lots_is_finite check (max_lots not in ('NaN', 'Infinity', '-Infinity'))
);
comment on table crm.lot_sizes is 'Rule table: the sizes a position may have, per instrument class: a multiple of lot_step between min_lots and max_lots (crm_api.open_position refuses anything else with 22023); both bounds are themselves multiples of lot_step, so that the smallest and the largest size can be opened. Rows with a null tenant are the default; a brokerage''s own row replaces it.';

insert into crm.lot_sizes (tenant_id, instrument_class, lot_step, min_lots, max_lots)
values
    (null, 'fx_major', 0.01, 0.01, 50),
    (null, 'fx_minor', 0.01, 0.01, 50),
    (null, 'gold', 0.01, 0.01, 20),
    (null, 'index_major', 0.01, 0.01, 100),
    (null, 'commodity_other', 0.01, 0.01, 50),
    (null, 'equity', 0.01, 0.01, 100),
    (null, 'crypto', 0.01, 0.01, 10);
