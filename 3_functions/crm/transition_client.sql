create function crm_private.transition_client(client_id uuid, to_status text, reason text)
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
    current_status text;
    client_tenant_id uuid;
begin
    if transition_client.to_status is null
       or transition_client.to_status not in ('lead', 'registered', 'kyc_pending', 'approved', 'funded', 'active', 'dormant', 'closed') then
        raise exception 'unknown client status %', coalesce(transition_client.to_status, 'null')
            using errcode = '22023';
    end if;

    select clients.status, clients.tenant_id
    into current_status, client_tenant_id
    from crm.clients as clients
    where clients.id = transition_client.client_id
    for update;
    if not found then
        raise exception 'client % not found', transition_client.client_id
            using errcode = 'PT404';
    end if;

    if not exists (
        select
        from crm.status_transitions as status_transitions
        where status_transitions.from_status = current_status
          and status_transitions.to_status = transition_client.to_status
          and (status_transitions.tenant_id is null or status_transitions.tenant_id = client_tenant_id)
    ) then
        raise exception 'client % cannot move from % to %', transition_client.client_id, current_status, transition_client.to_status
            using errcode = 'PT409',
                  detail = 'allowed moves are listed in crm.status_transitions';
    end if;

    update crm.clients as clients
    set status = transition_client.to_status,
        status_changed_at = pg_catalog.clock_timestamp()
    where clients.id = transition_client.client_id;

    insert into crm.client_events (tenant_id, client_id, from_status, to_status, reason, user_id)
    values (client_tenant_id, transition_client.client_id, current_status, transition_client.to_status,
            transition_client.reason, core.current_user_id());
end
$$;
comment on function crm_private.transition_client(uuid, text, text) is 'Moves a client to to_status if crm.status_transitions allows it from the current status (PT409 otherwise), and appends the change with the reason and the acting user to crm.client_events. Raises 22023 for an unknown status, PT404 for an unknown client. Internal: called by the definer API functions, which check visibility first.';
