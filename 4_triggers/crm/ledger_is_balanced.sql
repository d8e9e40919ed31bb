create function crm_private.check_ledger_transaction()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
    checked_id uuid;
    unbalanced record;
begin
    checked_id := case tg_table_name
                          when 'ledger_transactions' then (pg_catalog.to_jsonb(new) ->> 'id')::uuid
                          else (pg_catalog.to_jsonb(new) ->> 'transaction_id')::uuid
                      end;
    if not exists (
        select
        from crm.ledger_entries as entries
        where entries.transaction_id = checked_id
    ) then
        raise exception 'ledger transaction % has no entries', checked_id
            using errcode = '23514',
                  hint = 'post through crm_private.post_ledger';
    end if;

    select entries.currency, pg_catalog.sum(entries.amount) as total
    into unbalanced
    from crm.ledger_entries as entries
    where entries.transaction_id = checked_id
    group by entries.currency
    having pg_catalog.sum(entries.amount) <> 0
    limit 1;
    if found then
        raise exception 'ledger transaction % does not balance: its % entries sum to %', checked_id, unbalanced.currency, unbalanced.total
            using errcode = '23514',
                  detail = 'every ledger transaction''s entries must sum to zero in each currency';
    end if;

    if exists (
        select
        from crm.ledger_entries as entries
        join crm.accounts as accounts on accounts.id = entries.account_id
        where entries.transaction_id = checked_id
          and entries.currency <> accounts.currency
    ) then
        raise exception 'ledger transaction % books an account in a currency other than the account''s', checked_id
            using errcode = '23514';
    end if;
    return null;
end
$$;
comment on function crm_private.check_ledger_transaction() is 'Deferred constraint trigger (at commit) on crm.ledger_transactions and crm.ledger_entries: a transaction has entries, they sum to zero in each currency, and an account is only booked in its own currency. Raises 23514 otherwise, which rolls the whole database transaction back. Security definer (search_path '''') because, deferred to commit, it runs after the definer API function returned, as the request''s role (SET LOCAL ROLE is still in effect), which may not read the ledger.';

create constraint trigger ledger_transaction_is_balanced
after insert on crm.ledger_transactions
deferrable initially deferred
for each row execute function crm_private.check_ledger_transaction();

create constraint trigger ledger_entries_are_balanced
after insert on crm.ledger_entries
deferrable initially deferred
for each row execute function crm_private.check_ledger_transaction();
