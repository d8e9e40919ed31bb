create function crm_private.refuse_ledger_change()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    raise exception 'the ledger is append-only: % on % refused', pg_catalog.lower(tg_op), tg_table_name
        using errcode = '42501',
              hint = 'correct a booking with a new, reversing transaction';
end
$$;
comment on function crm_private.refuse_ledger_change() is 'BEFORE UPDATE/DELETE/TRUNCATE trigger on the ledger tables: a booking is never changed or removed, for anyone (owner included); corrections are new transactions. Raises 42501.';

create trigger ledger_transactions_are_append_only
before update or delete on crm.ledger_transactions
for each row execute function crm_private.refuse_ledger_change();

create trigger ledger_transactions_no_truncate
before truncate on crm.ledger_transactions
for each statement execute function crm_private.refuse_ledger_change();

create trigger ledger_entries_are_append_only
before update or delete on crm.ledger_entries
for each row execute function crm_private.refuse_ledger_change();

create trigger ledger_entries_no_truncate
before truncate on crm.ledger_entries
for each statement execute function crm_private.refuse_ledger_change();
