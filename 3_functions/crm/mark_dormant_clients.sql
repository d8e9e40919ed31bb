create function crm_private.last_activity(client_id uuid, status_changed_at timestamptz)
returns timestamptz
language sql
stable
set search_path = ''
as $$
    select greatest(
        last_activity.status_changed_at,
        (select pg_catalog.max(deposits.created_at)
         from crm.deposits as deposits
         join crm.accounts as accounts on accounts.id = deposits.account_id
         where accounts.client_id = last_activity.client_id),
        (select pg_catalog.max(withdrawals.requested_at)
         from crm.withdrawals as withdrawals
         join crm.accounts as accounts on accounts.id = withdrawals.account_id
         where accounts.client_id = last_activity.client_id),
        -- an open position is activity until it closes: it still carries
        -- margin and market risk, and a dormant client holding one is not
        -- what the status says
        (select pg_catalog.max(coalesce(positions.closed_at, now()))
         from crm.positions as positions
         join crm.accounts as accounts on accounts.id = positions.account_id
         where accounts.client_id = last_activity.client_id))
$$;
comment on function crm_private.last_activity(uuid, timestamptz) is 'The client''s last activity: the latest of its last status change (status_changed_at, the client row''s), deposit, withdrawal request, and position closed; now while it holds an open position. Internal.';

create function crm_private.mark_dormant(client_id uuid, idle interval)
returns boolean
language plpgsql
volatile
set search_path = ''
as $$
declare
    client crm.clients;
begin
    -- under the client's lock, which a deposit and a trade take too
    -- (record_deposit, open_position): one committed since the sweep read
    -- the client idle shows here, and the client stays as it is
    client := crm_private.lock_client(mark_dormant.client_id);
    if not coalesce(client.status in ('funded', 'active')
                    and crm_private.last_activity(client.id, client.status_changed_at) < now() - mark_dormant.idle, false) then
        return false;
    end if;
    perform crm_private.transition_client(client.id, 'dormant', 'no activity for ' || mark_dormant.idle::text);
    return true;
end
$$;
comment on function crm_private.mark_dormant(uuid, interval) is 'Moves one client to dormant when, read under its lock (crm_private.lock_client), it is funded or active with no activity (crm_private.last_activity) for idle; returns whether it moved. Internal: the dormant sweep''s step.';

create function crm_private.mark_dormant_clients(idle interval default interval '90 days')
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
    client_id uuid;
    moved int := 0;
begin
    for client_id in
        select clients.id
        from crm.clients as clients
        where clients.status in ('funded', 'active')
          and crm_private.last_activity(clients.id, clients.status_changed_at) < now() - mark_dormant_clients.idle
        order by clients.id
    loop
        -- read again under the client's lock: activity committed since
        -- this scan keeps the client as it is
        if crm_private.mark_dormant(client_id, mark_dormant_clients.idle) then
            moved := moved + 1;
        end if;
    end loop;
    return moved;
end
$$;
comment on function crm_private.mark_dormant_clients(interval) is 'The dormant sweep (scheduled daily): funded and active clients with no status change, deposit, withdrawal request or trade for idle (default 90 days), and no open position, become dormant, logged in crm.client_events; each is read again under its lock (crm_private.mark_dormant), so a deposit or trade committed during the sweep keeps its client as it is. Returns how many moved.';
