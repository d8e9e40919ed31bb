create function crm_api.assign_client(client_id uuid, agent_id uuid)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    agent_desk_id uuid;
begin
    if not exists (select from crm_private.clients as clients where clients.id = assign_client.client_id) then
        raise exception 'client % not found', assign_client.client_id using errcode = 'PT404';
    end if;
    select staff.desk_id
    into agent_desk_id
    from crm.staff as staff
    join core.users as users on users.id = staff.user_id
    where staff.user_id = assign_client.agent_id
      and staff.tenant_id = (select core.current_tenant_id())
      and users.role = 'crm_agent'
      and users.is_active;
    if not found then
        raise exception 'no active agent % in this brokerage', assign_client.agent_id using errcode = 'PT404';
    end if;
    update crm.clients as clients
    set agent_id = assign_client.agent_id,
        desk_id = agent_desk_id
    where clients.id = assign_client.client_id;
end
$$;
comment on function crm_api.assign_client(uuid, uuid) is 'A manager assigns a client of the desk to an active agent of the brokerage (the client follows the agent''s desk). Raises PT404 for a client not visible or an unknown or inactive agent. Security definer: writes crm.clients, which no API role may write.';
