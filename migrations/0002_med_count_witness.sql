-- Migration 0002: med count witness
--
-- Takes a live database from the previous release's 0_tables/1_junctions to
-- this one's. It runs inside the deploy's transaction, after the code of the
-- previous release was dropped and before the new code is created: use the
-- data schemas only, qualify every name, no begin/commit. Never edit it once
-- applied anywhere (deploy refuses a changed checksum): write a new one.

-- med.controlled_counts.witnessed_at (0_tables/med/054_controlled_counts.sql):
-- a count now awaits its named witness, who confirms it in their own session
-- (med_api.witness_count). Counts recorded before this release named their
-- witness under the old rule and moved the books already: they are taken as
-- witnessed when counted, so that no stock on hand disappears.
alter table med.controlled_counts add column witnessed_at timestamptz;
update med.controlled_counts as counts set witnessed_at = counts.counted_at;
alter table med.controlled_counts
    add constraint controlled_counts_witnessed_after_count check (witnessed_at >= counted_at);
comment on table med.controlled_counts is 'Controlled substances: units counted in (delivered by the guardian) and periodic counts of what is on hand, each by two staff: the counter records it naming the witness, the witness confirms it in their own session (med_api.witness_count stamps witnessed_at). Only witnessed counts move the units on hand; a witnessed periodic count whose quantity differs from the expected one opens an incident. Append-only, but for witnessed_at, stamped once.';
comment on column med.controlled_counts.witnessed_at is 'When the named witness confirmed the count (med_api.witness_count); null while the count awaits its witness. An unwitnessed count does not count (med_private.controlled_on_hand) and, after 12 hours, can no longer be witnessed.';
