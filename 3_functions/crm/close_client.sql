create function crm_api.close_client(client_id uuid, reason text)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    client_status text;
begin
    perform core.check_text(close_client.reason, 'a reason', 4000);
    -- white space only is none: btrim strips only the space, not a tab, a
    -- line break or a no-break space
    if not core.has_text(close_client.reason) then
        raise exception 'closing a client needs a reason'
            using errcode = '22023';
    end if;
    select clients.status
    into client_status
    from crm_private.clients as clients
    where clients.id = close_client.client_id;
    if not found then
        raise exception 'client % not found', close_client.client_id using errcode = 'PT404';
    end if;
    if client_status = 'closed' then
        raise exception 'client % is already closed', close_client.client_id using errcode = 'PT409';
    end if;

    -- the accounts first (the lock order of the money functions), then the
    -- client's row, and only then the checks. A deposit, open_account and
    -- open_position hold the client's row to their end: once close_client has
    -- it, each that started earlier has committed, and the checks below (each
    -- statement reads afresh) see its money, its account or its position,
    -- an account opened while close_client waited for the accounts' rows
    -- included; each that starts later waits and then finds the client
    -- closed. The checks once ran before the client's row was taken: a
    -- deposit to an account opened during the wait, holding the client's
    -- row, was not yet visible to them, and the client was closed with that
    -- money on the account. An account not in the first lock is not locked
    -- afterwards: a deposit holding it waits for the client's row we hold, a
    -- deadlock; nothing puts money on it without the client's row.
    perform
    from crm.accounts as accounts
    where accounts.client_id = close_client.client_id
    order by accounts.id
    for update;
    -- (a client closed meanwhile: transition_client raises PT409)
    perform crm_private.lock_client(close_client.client_id);
    if exists (
        select
        from crm.positions as positions
        join crm.accounts as accounts on accounts.id = positions.account_id
        where accounts.client_id = close_client.client_id
          and positions.closed_at is null
    ) then
        raise exception 'client % has open positions', close_client.client_id
            using errcode = 'P0001', hint = 'close the positions first';
    end if;
    if exists (
        select
        from crm.withdrawals as withdrawals
        join crm.accounts as accounts on accounts.id = withdrawals.account_id
        where accounts.client_id = close_client.client_id
          and withdrawals.status = 'requested'
    ) then
        raise exception 'client % has withdrawals waiting for a decision', close_client.client_id
            using errcode = 'P0001', hint = 'finance decides them first';
    end if;
    -- a closed client can neither withdraw nor trade: money left on an
    -- account then would be lost to the client
    if exists (
        select
        from crm.accounts as accounts
        where accounts.client_id = close_client.client_id
          and crm_private.account_balance(accounts.id) <> 0
    ) then
        raise exception 'client % still holds money on an account', close_client.client_id
            using errcode = 'P0001', hint = 'the client withdraws the balance first';
    end if;

    perform crm_private.transition_client(close_client.client_id, 'closed', pg_catalog.btrim(close_client.reason));
end
$$;
comment on function crm_api.close_client(uuid, text) is 'Closes a client (a manager of the client''s desk, or compliance) with a reason, logged in crm.client_events: from then on its accounts take no deposit, trade or withdrawal (PT409), and it submits no KYC. Raises 22023 without a reason, PT404 for a client not visible, PT409 when already closed, P0001 while it has open positions, withdrawals waiting for a decision or money on an account (a closed client could not withdraw it), all checked once it holds the client''s row (after the accounts'' rows, the money functions'' order), so that a deposit, account or position of a call that held the row first counts. Security definer: writes crm.clients and crm.client_events, which no API role may write.';
