-- Migration 0007: med incident resolver
--
-- Takes a live database from the previous release's 0_tables/1_junctions to
-- this one's. It runs inside the deploy's transaction, after the code of the
-- previous release was dropped and before the new code is created: use the
-- data schemas only, qualify every name, no begin/commit. Never edit it once
-- applied anywhere (deploy refuses a changed checksum): write a new one.
-- med.incidents: resolve_incident now refuses whoever counted or witnessed
-- the count that opened the incident; the table's comment says so.
comment on table med.incidents is 'Controlled substance incidents: a count that did not match opens one; the supervisor or a nurse resolves it with a note, never the one who counted or witnessed that count.';
