create function crm_private.post_ledger(tenant_id uuid, kind text, ref_id uuid, entries jsonb)
returns uuid
language plpgsql
volatile
set search_path = ''
as $$
declare
    new_transaction_id uuid;
begin
    if post_ledger.entries is null or pg_catalog.jsonb_typeof(post_ledger.entries) <> 'array' then
        raise exception 'ledger entries must be a json array' using errcode = '22023';
    end if;
    if exists (
        select
        from pg_catalog.jsonb_to_recordset(post_ledger.entries) as e(currency text, amount numeric)
        group by e.currency
        having coalesce(pg_catalog.sum(e.amount), 0) <> 0
    ) then
        raise exception 'ledger entries of % % do not sum to zero', post_ledger.kind, post_ledger.ref_id
            using errcode = '23514', detail = post_ledger.entries::text;
    end if;

    insert into crm.ledger_transactions (tenant_id, kind, ref_id, created_by)
    values (post_ledger.tenant_id, post_ledger.kind, post_ledger.ref_id, core.current_user_id())
    returning ledger_transactions.id into new_transaction_id;

    insert into crm.ledger_entries (tenant_id, transaction_id, account_id, house_account, currency, amount)
    select post_ledger.tenant_id, new_transaction_id, e.account_id, e.house_account, e.currency, e.amount
    from pg_catalog.jsonb_to_recordset(post_ledger.entries) as e(account_id uuid, house_account text, currency text, amount numeric)
    where e.amount <> 0;
    return new_transaction_id;
end
$$;
comment on function crm_private.post_ledger(uuid, text, uuid, jsonb) is 'Books one double-entry transaction: entries is a json array of {account_id | house_account, currency, amount}; legs of zero are left out. Raises 23514 when the legs do not sum to zero per currency (checked again at commit by a deferred constraint trigger). Returns the ledger transaction id. Internal: called by the definer API functions (and by the IB commission accrual).';
