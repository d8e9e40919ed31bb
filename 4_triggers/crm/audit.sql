-- Every table of crm is audited: one trigger each, attached by
-- core.audit_tables, so a new table cannot be forgotten. (No crm column is a
-- secret; a table with one would get its own core.audit('column') trigger
-- here, before the call.)
select core.audit_tables('crm');
