create function crm_private.lock_visible_account(account_id uuid)
returns crm.accounts
language plpgsql
volatile
set search_path = ''
as $$
declare
    account crm.accounts;
begin
    -- visibility through the private view, so row level security decides
    if not exists (
        select
        from crm_private.accounts as accounts
        where accounts.id = lock_visible_account.account_id
    ) then
        raise exception 'account % not found', lock_visible_account.account_id
            using errcode = 'PT404';
    end if;

    -- one money-moving request per account at a time: balances and free
    -- margin are checked and used under this lock
    select *
    into account
    from crm.accounts as accounts
    where accounts.id = lock_visible_account.account_id
    for update;
    return account;
end
$$;
comment on function crm_private.lock_visible_account(uuid) is 'The account row, locked FOR UPDATE, when the caller may see it (through crm_private.accounts, so the policies decide); PT404 otherwise. Called by the definer functions that move money or margin (record_deposit, request_withdrawal, open_position), which own the lock until their transaction ends.';
