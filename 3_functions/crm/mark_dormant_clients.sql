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
          and greatest(
                  clients.status_changed_at,
                  (select pg_catalog.max(deposits.created_at)
                   from crm.deposits as deposits
                   join crm.accounts as accounts on accounts.id = deposits.account_id
                   where accounts.client_id = clients.id),
                  (select pg_catalog.max(withdrawals.requested_at)
                   from crm.withdrawals as withdrawals
                   join crm.accounts as accounts on accounts.id = withdrawals.account_id
                   where accounts.client_id = clients.id),
                  (select pg_catalog.max(greatest(positions.opened_at, positions.closed_at))
                   from crm.positions as positions
                   join crm.accounts as accounts on accounts.id = positions.account_id
                   where accounts.client_id = clients.id)
              ) < now() - mark_dormant_clients.idle
        order by clients.id
    loop
        perform crm_private.transition_client(client_id, 'dormant',
            'no activity for ' || mark_dormant_clients.idle::text);
        moved := moved + 1;
    end loop;
    return moved;
end
$$;
comment on function crm_private.mark_dormant_clients(interval) is 'The dormant sweep (scheduled daily): funded and active clients with no status change, deposit, withdrawal request or trade for idle (default 90 days) become dormant, logged in crm.client_events. Returns how many moved.';
