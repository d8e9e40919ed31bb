-- leave accounts are never changed or removed; corrections are new rows
create trigger leave_ledger_is_append_only
before update or delete on hr.leave_ledger
for each row execute function core.refuse_change('the leave ledger', 'book a correcting row instead');

create trigger leave_ledger_no_truncate
before truncate on hr.leave_ledger
for each statement execute function core.refuse_change('the leave ledger', 'book a correcting row instead');
