-- a booking is never changed or removed, for anyone (owner included);
-- corrections are new, reversing transactions
create trigger ledger_transactions_are_append_only
before update or delete on crm.ledger_transactions
for each row execute function core.refuse_change('the ledger', 'correct a booking with a new, reversing transaction');

create trigger ledger_transactions_no_truncate
before truncate on crm.ledger_transactions
for each statement execute function core.refuse_change('the ledger', 'correct a booking with a new, reversing transaction');

create trigger ledger_entries_are_append_only
before update or delete on crm.ledger_entries
for each row execute function core.refuse_change('the ledger', 'correct a booking with a new, reversing transaction');

create trigger ledger_entries_no_truncate
before truncate on crm.ledger_entries
for each statement execute function core.refuse_change('the ledger', 'correct a booking with a new, reversing transaction');
