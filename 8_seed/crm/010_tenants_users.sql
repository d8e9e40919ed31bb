-- The two brokerages, their staff, desks, price feeds, the demo IB and lead routing.
-- Every demo password is `demo` (one bcrypt hash, seed.demo_password_hash).
do $$
declare
    demo uuid;
    other uuid;
    demo_desk uuid;
    other_desk uuid;
    agent1 uuid;
    agent2 uuid;
    user_id uuid;
begin
    insert into core.tenants (app, name) values ('crm', 'Demo Brokerage') returning id into demo;
    insert into core.tenants (app, name) values ('crm', 'Other Brokerage') returning id into other;

    insert into crm.desks (tenant_id, name) values (demo, 'Main desk') returning id into demo_desk;
    insert into crm.desks (tenant_id, name) values (other, 'Main desk') returning id into other_desk;

    user_id := core.create_user(demo, 'manager@crm.demo', 'Martina Keller', 'crm_manager', null);
    insert into crm.staff (user_id, tenant_id, desk_id) values (user_id, demo, demo_desk);
    agent1 := core.create_user(demo, 'agent1@crm.demo', 'Andreas Vogel', 'crm_agent', null);
    insert into crm.staff (user_id, tenant_id, desk_id) values (agent1, demo, demo_desk);
    agent2 := core.create_user(demo, 'agent2@crm.demo', 'Amelia Hughes', 'crm_agent', null);
    insert into crm.staff (user_id, tenant_id, desk_id) values (agent2, demo, demo_desk);
    user_id := core.create_user(demo, 'compliance@crm.demo', 'Corinne Blanc', 'crm_compliance', null);
    insert into crm.staff (user_id, tenant_id) values (user_id, demo);
    user_id := core.create_user(demo, 'finance@crm.demo', 'Felix Brandt', 'crm_finance', null);
    insert into crm.staff (user_id, tenant_id) values (user_id, demo);
    user_id := core.create_user(demo, 'ib1@crm.demo', 'Ivan Petrov', 'crm_ib', null);
    insert into crm.ibs (tenant_id, user_id, referral_code) values (demo, user_id, 'IB1DEMO');

    -- German leads go to agent1, British ones to agent2, the rest round-robin
    insert into crm.country_rules (tenant_id, country, agent_id)
    values (demo, 'DE', agent1), (demo, 'GB', agent2);

    -- the head of sales manages the whole brokerage (no desk); the price feed posts marks
    user_id := core.create_user(demo, 'head@crm.demo', 'Helena Roth', 'crm_manager', null);
    insert into crm.staff (user_id, tenant_id) values (user_id, demo);
    perform core.create_user(demo, 'feed@crm.demo', 'Demo Price Feed', 'crm_feed', null);

    user_id := core.create_user(other, 'manager@other-crm.demo', 'Oskar Lindqvist', 'crm_manager', null);
    insert into crm.staff (user_id, tenant_id, desk_id) values (user_id, other, other_desk);
    user_id := core.create_user(other, 'finance@other-crm.demo', 'Other Finance', 'crm_finance', null);
    insert into crm.staff (user_id, tenant_id) values (user_id, other);
    perform core.create_user(other, 'feed@other-crm.demo', 'Other Price Feed', 'crm_feed', null);

    -- every demo password is "demo": one bcrypt hash for all of them
    update core.users as users
    set password_hash = seed.demo_password_hash()
    where users.app = 'crm'
      and users.password_hash is null;
end
$$;
