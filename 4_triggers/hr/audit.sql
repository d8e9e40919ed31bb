-- Every table of hr is audited (punch edits, rate changes, decisions, payroll):
-- one trigger each, attached by core.audit_tables, so a new table cannot be
-- forgotten. No hr column is a secret.
select core.audit_tables('hr');
