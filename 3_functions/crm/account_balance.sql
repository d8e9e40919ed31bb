create function crm_private.account_balance(account_id uuid)
returns numeric
language sql
stable
set search_path = ''
as $$
    select coalesce(pg_catalog.sum(entries.amount), 0)
    from crm.ledger_entries as entries
    where entries.account_id = account_balance.account_id
$$;
comment on function crm_private.account_balance(uuid) is 'The balance of an account in its currency: the sum of its ledger entries (there is no stored balance). Internal: called by the definer functions, executable by no API role.';
