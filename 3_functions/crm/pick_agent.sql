create function crm_private.pick_agent(tenant_id uuid, country text)
returns uuid
language plpgsql
volatile
set search_path = ''
as $$
declare
    agent_id uuid;
begin
    -- a country rule wins if its agent is still active
    select country_rules.agent_id
    into agent_id
    from crm.country_rules as country_rules
    join core.users as users on users.id = country_rules.agent_id
    where country_rules.tenant_id = pick_agent.tenant_id
      and country_rules.country = pick_agent.country
      and users.role = 'crm_agent'
      and users.is_active;

    -- else round-robin: the active agent assigned least recently
    if agent_id is null then
        select staff.user_id
        into agent_id
        from crm.staff as staff
        join core.users as users on users.id = staff.user_id
        where staff.tenant_id = pick_agent.tenant_id
          and users.role = 'crm_agent'
          and users.is_active
        order by staff.last_assigned_at asc nulls first, users.created_at, staff.user_id
        limit 1
        -- no key update: the lock of the update below, which leaves the
        -- row's key alone, so that it never blocks the foreign key checks
        -- of clients assigned to the agent (key share) while the lead's
        -- transaction lasts
        for no key update of staff;
    end if;

    if agent_id is not null then
        update crm.staff as staff
        set last_assigned_at = pg_catalog.clock_timestamp()
        where staff.user_id = agent_id;
    end if;
    return agent_id;
end
$$;
comment on function crm_private.pick_agent(uuid, text) is 'The agent a new lead of the tenant from country goes to: the active agent of the country rule, else the active agent assigned least recently (round-robin); marks the agent as just assigned. Null when the tenant has no active agent (the lead stays unassigned, visible to managers).';
