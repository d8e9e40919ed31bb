-- Migration 0008: crm tick move
--
-- Takes a live database from the previous release's 0_tables/1_junctions to
-- this one's. It runs inside the deploy's transaction, after the code of the
-- previous release was dropped and before the new code is created: use the
-- data schemas only, qualify every name, no begin/commit. Never edit it once
-- applied anywhere (deploy refuses a changed checksum): write a new one.
-- crm.price_tolerances.max_tick_move: how far the price feed's next tick may
-- move the brokerage's mark (crm_api.set_price refuses a feed tick beyond it;
-- a brokerage-wide manager may post it). A garbled tick (1e-1000) used to
-- close out every account holding the symbol.
alter table crm.price_tolerances add column max_tick_move numeric not null default 0.2;
alter table crm.price_tolerances add constraint price_tolerances_tick_move_in_range check (max_tick_move > 0 and max_tick_move < 1);
alter table crm.price_tolerances add constraint price_tolerances_max_tick_move_is_finite check (max_tick_move not in ('NaN', 'Infinity', '-Infinity'));
update crm.price_tolerances as price_tolerances
set max_tick_move = classes.max_tick_move
from (values ('fx_major', 0.15), ('fx_minor', 0.15), ('gold', 0.15), ('index_major', 0.15),
             ('commodity_other', 0.25), ('equity', 0.25), ('crypto', 0.30)) as classes (instrument_class, max_tick_move)
where price_tolerances.tenant_id is null
  and price_tolerances.instrument_class = classes.instrument_class;
comment on table crm.price_tolerances is 'Rule table: how far a fill price (crm_api.open_position, crm_api.close_position) may lie from the brokerage''s latest mark of the symbol (crm.prices), as a fraction of the mark, per instrument class, and how far the price feed''s next tick may move the mark (max_tick_move). A fill outside the band, or on a symbol the brokerage has no mark for, is refused (P0001). Rows with a null tenant are the default; a brokerage''s own row replaces it.';
comment on column crm.price_tolerances.max_tick_move is 'The largest move of the price feed''s tick from the brokerage''s last mark, |tick - mark| / mark, e.g. 0.15 = 15 %: a feed tick beyond it is refused (crm_api.set_price, P0001), a brokerage-wide manager may post it after checking the market.';
