-- Migration 0004: lot size bounds are whole steps
--
-- Takes a live database from the previous release's 0_tables/1_junctions to
-- this one's. It runs inside the deploy's transaction, after the code of the
-- previous release was dropped and before the new code is created: use the
-- data schemas only, qualify every name, no begin/commit. Never edit it once
-- applied anywhere (deploy refuses a changed checksum): write a new one.

-- crm.lot_sizes: open_position accepts only multiples of lot_step, so a
-- minimum or maximum between two steps advertised a size nobody could open.
-- Validated: a row with such a bound stops the deploy, to be mended first.
-- (A step of 0 is lot_sizes_step_is_positive's to refuse: nullif keeps the
-- division from failing first, since checks run in the order of their names.)
alter table crm.lot_sizes add constraint lot_sizes_bounds_are_steps check (min_lots % nullif(lot_step, 0) = 0 and max_lots % nullif(lot_step, 0) = 0);
comment on table crm.lot_sizes is 'Rule table: the sizes a position may have, per instrument class: a multiple of lot_step between min_lots and max_lots (crm_api.open_position refuses anything else with 22023); both bounds are themselves multiples of lot_step, so that the smallest and the largest size can be opened. Rows with a null tenant are the default; a brokerage''s own row replaces it.';
