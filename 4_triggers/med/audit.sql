-- Every table of med is audited: one trigger each, attached by
-- core.audit_tables, so a new table cannot be forgotten. (No med column is a
-- secret kept out of the log; the log itself is readable by no API role.)
select core.audit_tables('med');
