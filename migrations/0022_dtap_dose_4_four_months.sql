-- Migration 0022: DTaP dose 4 four months after dose 3
--
-- Takes a live database from the previous release's 0_tables/1_junctions to
-- this one's. It runs inside the deploy's transaction, after the code of the
-- previous release was dropped and before the new code is created: use the
-- data schemas only, qualify every name, no begin/commit. Never edit it once
-- applied anywhere (deploy refuses a changed checksum): write a new one.
-- DTaP dose 4 counts 4 months after dose 3 (at 12 months or older), not 6:
-- the CDC's table of minimum ages and intervals (General Best Practice
-- Guidelines) gives 6 months, with the note that a 4th dose given at least
-- 4 months after the 3rd need not be repeated; the validation judges doses
-- already given, so 4 months is the bound a dose is held to. The 6 months a reduced series needs between its last
-- two doses (med.vaccine_requirements) are unchanged. The state's rule only
-- (tenant_id null); a district's own rules are its own.
update med.vaccine_dose_rules
set min_interval = interval '4 months'
where tenant_id is null
  and vaccine = 'DTaP'
  and dose_number = 4
  and effective_from = date '2010-07-01'
  and min_interval = interval '6 months';
