create table crm.price_tolerances (
    id int primary key generated always as identity,
    tenant_id uuid references core.tenants (id),
    instrument_class text not null,
    max_deviation numeric not null,
    max_tick_move numeric not null default 0.2,
    max_mark_age interval not null default interval '1 minute',
    constraint price_tolerances_key unique nulls not distinct (tenant_id, instrument_class),
    constraint price_tolerances_class_is_known check (instrument_class in ('fx_major', 'fx_minor', 'gold', 'index_major', 'commodity_other', 'equity', 'crypto')),
    constraint price_tolerances_deviation_in_range check (max_deviation > 0 and max_deviation < 0.5),
    constraint price_tolerances_max_deviation_is_finite check (max_deviation not in ('NaN', 'Infinity', '-Infinity')),
    constraint price_tolerances_tick_move_in_range check (max_tick_move > 0 and max_tick_move < 1),
    constraint price_tolerances_max_tick_move_is_finite check (max_tick_move not in ('NaN', 'Infinity', '-Infinity')),
    constraint price_tolerances_mark_age_in_range check (max_mark_age > interval '0' and max_mark_age <= interval '1 day')
);
comment on table crm.price_tolerances is 'Rule table: how far a fill price (crm_api.open_position, crm_api.close_position) may lie from the brokerage''s latest mark of the symbol (crm.prices), as a fraction of the mark, per instrument class, how far the price feed''s next tick may move the mark (max_tick_move), and how old the mark may be for a fill (max_mark_age). A fill outside the band, on a symbol the brokerage has no mark for, or on a mark older than max_mark_age is refused (P0001). Rows with a null tenant are the default; a brokerage''s own row replaces it.';
comment on column crm.price_tolerances.max_deviation is 'The largest accepted |fill - mark| / mark, e.g. 0.002 = 0.2 %.';
comment on column crm.price_tolerances.max_tick_move is 'The largest move of the price feed''s tick from the brokerage''s last mark, |tick - mark| / mark, e.g. 0.15 = 15 %: a feed tick beyond it is refused (crm_api.set_price, P0001), a brokerage-wide manager may post it after checking the market.';
comment on column crm.price_tolerances.max_mark_age is 'The oldest mark a fill may be judged against (crm_private.check_fill_price), e.g. 1 minute: when the price feed stops, the last mark stops following the market, and a fill at it would let a client trade at a price the market has left (a buy at Friday''s close on Monday morning). Up to a day.';

insert into crm.price_tolerances (tenant_id, instrument_class, max_deviation, max_tick_move)
values
    (null, 'fx_major', 0.002, 0.15),
    (null, 'fx_minor', 0.003, 0.15),
    (null, 'gold', 0.005, 0.15),
    (null, 'index_major', 0.005, 0.15),
    (null, 'commodity_other', 0.01, 0.25),
    (null, 'equity', 0.01, 0.25),
    (null, 'crypto', 0.02, 0.30);
