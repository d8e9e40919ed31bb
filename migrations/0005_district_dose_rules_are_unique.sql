-- Migration 0005: a district's dose rules are unique, as the state's are
--
-- Takes a live database from the previous release's 0_tables/1_junctions to
-- this one's. It runs inside the deploy's transaction, after the code of the
-- previous release was dropped and before the new code is created: use the
-- data schemas only, qualify every name, no begin/commit. Never edit it once
-- applied anywhere (deploy refuses a changed checksum): write a new one.

-- med.vaccine_dose_rules: the key covered the state's rows only (where
-- tenant_id is null), so a district could hold two rules for one vaccine,
-- dose and start date, and which applied was left to chance. One key now
-- covers the state and every district (nulls not distinct). A district that
-- already holds such a pair stops the deploy, to be mended by hand first.
drop index med.vaccine_dose_rules_key;
create unique index vaccine_dose_rules_key on med.vaccine_dose_rules (tenant_id, vaccine, dose_number, effective_from) nulls not distinct;
