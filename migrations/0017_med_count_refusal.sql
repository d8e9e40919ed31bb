-- Migration 0017: med count refusal
--
-- Takes a live database from the previous release's 0_tables/1_junctions to
-- this one's. It runs inside the deploy's transaction, after the code of the
-- previous release was dropped and before the new code is created: use the
-- data schemas only, qualify every name, no begin/commit. Never edit it once
-- applied anywhere (deploy refuses a changed checksum): write a new one.

-- A count awaiting its witness held up every periodic count of its order
-- for 12 hours, and its witness could only confirm it or wait: one nurse or
-- aide could keep the periodic count from happening, a count-in of one unit
-- naming a witness who would never confirm it at a time. The named witness
-- may now refuse a count (med_api.refuse_count, with a reason): a refused
-- count never counts, never holds up a periodic count, and stays logged.
alter table med.controlled_counts add column refused_at timestamptz;
alter table med.controlled_counts add column refusal_reason text;
alter table med.controlled_counts add constraint controlled_counts_witnessed_or_refused check (witnessed_at is null or refused_at is null);
alter table med.controlled_counts add constraint controlled_counts_refused_after_count check (refused_at >= counted_at);
alter table med.controlled_counts add constraint controlled_counts_refusal_has_reason check ((refused_at is null) = (refusal_reason is null));
alter table med.controlled_counts add constraint controlled_counts_refusal_reason_not_blank check (refusal_reason ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]');
comment on table med.controlled_counts is 'Controlled substances: units counted in (delivered by the guardian) and periodic counts of what is on hand, each by two staff: the counter records it naming the witness, the witness confirms it in their own session (med_api.witness_count stamps witnessed_at). Only witnessed counts move the units on hand; a witnessed periodic count whose quantity differs from the expected one opens an incident. Append-only, but for the witness''s answer, stamped once: witnessed_at (confirmed) or refused_at with refusal_reason (refused).';
comment on column med.controlled_counts.refused_at is 'When the named witness refused the count (med_api.refuse_count: they did not see what it says), with refusal_reason; a refused count never counts, never holds up a periodic count, and stays in the log. A count is witnessed or refused, never both.';
