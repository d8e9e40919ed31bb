-- Migration 0010: crm mark age
--
-- Takes a live database from the previous release's 0_tables/1_junctions to
-- this one's. It runs inside the deploy's transaction, after the code of the
-- previous release was dropped and before the new code is created: use the
-- data schemas only, qualify every name, no begin/commit. Never edit it once
-- applied anywhere (deploy refuses a changed checksum): write a new one.
-- crm.price_tolerances.max_mark_age: how old the brokerage's mark may be for
-- a fill (crm_private.check_fill_price refuses an older one). A fill used to
-- be judged against the last mark however old it was: with the price feed
-- stopped, a client could buy at a price the market had left.
alter table crm.price_tolerances add column max_mark_age interval not null default interval '1 minute';
alter table crm.price_tolerances add constraint price_tolerances_mark_age_in_range check (max_mark_age > interval '0' and max_mark_age <= interval '1 day');
comment on table crm.price_tolerances is 'Rule table: how far a fill price (crm_api.open_position, crm_api.close_position) may lie from the brokerage''s latest mark of the symbol (crm.prices), as a fraction of the mark, per instrument class, how far the price feed''s next tick may move the mark (max_tick_move), and how old the mark may be for a fill (max_mark_age). A fill outside the band, on a symbol the brokerage has no mark for, or on a mark older than max_mark_age is refused (P0001). Rows with a null tenant are the default; a brokerage''s own row replaces it.';
comment on column crm.price_tolerances.max_mark_age is 'The oldest mark a fill may be judged against (crm_private.check_fill_price), e.g. 1 minute: when the price feed stops, the last mark stops following the market, and a fill at it would let a client trade at a price the market has left (a buy at Friday''s close on Monday morning). Up to a day.';
