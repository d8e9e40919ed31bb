-- Audit of the trading and money tables (CRM-2); the client-side tables are
-- in audit.sql.
create trigger audit
after insert or update or delete on crm.instruments
for each row execute function core.audit();

create trigger audit
after insert or update or delete on crm.leverage_caps
for each row execute function core.audit();

create trigger audit
after insert or update or delete on crm.margin_rules
for each row execute function core.audit();

create trigger audit
after insert or update or delete on crm.prices
for each row execute function core.audit();

create trigger audit
after insert or update or delete on crm.accounts
for each row execute function core.audit();

create trigger audit
after insert or update or delete on crm.ledger_transactions
for each row execute function core.audit();

create trigger audit
after insert or update or delete on crm.ledger_entries
for each row execute function core.audit();

create trigger audit
after insert or update or delete on crm.deposits
for each row execute function core.audit();

create trigger audit
after insert or update or delete on crm.withdrawals
for each row execute function core.audit();

create trigger audit
after insert or update or delete on crm.positions
for each row execute function core.audit();
