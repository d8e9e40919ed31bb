-- A desk manager's reports and IB commissions cover the desk (and the
-- unassigned clients it also sees), a manager without a desk the whole
-- brokerage. A second desk with its own manager, agent and a client
-- introduced by ib1, who deposited and traded.
begin;
select plan(27);

create temp table ids (k text primary key, id uuid);
grant all on ids to public;
insert into ids select 'demo', id from core.tenants where name = 'Demo Brokerage';
insert into crm.desks (tenant_id, name) select id, 'Desk B' from ids where k = 'demo' returning 'desk_b', id;
insert into ids select 'desk_b', id from crm.desks where name = 'Desk B';
insert into ids select 'manager_b', core.create_user((select id from ids where k = 'demo'), 'manager.b@crm.demo', 'Bea Desk', 'crm_manager', 'demo');
insert into ids select 'agent_b', core.create_user((select id from ids where k = 'demo'), 'agent.b@crm.demo', 'Bruno Agent', 'crm_agent', 'demo');
insert into crm.staff (user_id, tenant_id, desk_id)
select id, (select id from ids where k = 'demo'), (select id from ids where k = 'desk_b') from ids where k in ('manager_b', 'agent_b');

-- the client: registered through ib1's link, assigned by the head of sales to desk B's agent
select tests.act_as_anon();
insert into ids select 'client_b', crm_api.register_lead('desk.b.client@example.org', 'Dora Bdesk', 'FR', null, 'IB1DEMO');
select tests.act_as('head@crm.demo');
select crm_api.assign_client((select id from ids where k = 'client_b'), (select id from ids where k = 'agent_b'));
select tests.act_as('agent.b@crm.demo');
select crm_api.submit_kyc_document((select id from ids where k = 'client_b'), 'id_document', 'kyc/b/id.pdf', current_date + 2000);
reset role;
-- its money and a closed trade, written directly (the API paths are tested elsewhere)
insert into crm.accounts (tenant_id, client_id, currency, leverage)
select tenant_id, id, 'USD', 30 from crm.clients where id = (select id from ids where k = 'client_b');
insert into ids select 'account_b', id from crm.accounts where client_id = (select id from ids where k = 'client_b');
insert into crm.deposits (tenant_id, account_id, amount, currency, method, provider_ref)
select tenant_id, id, 777, 'USD', 'wire', 'DESK-B-1' from crm.accounts where id = (select id from ids where k = 'account_b');
insert into crm.positions (tenant_id, account_id, symbol, side, lots, open_price, leverage, margin, opened_at, close_price, closed_at, realized_pnl)
select tenant_id, id, 'EURUSD', 'buy', 3, 1.08, 30, 1000, now() - interval '1 hour', 1.09, now(), 3000
from crm.accounts where id = (select id from ids where k = 'account_b')
returning 'position_b', id;
insert into ids select 'position_b', id from crm.positions where account_id = (select id from ids where k = 'account_b');
select crm_private.accrue_ib_commission((select id from ids where k = 'position_b'));
select crm_private.refresh_reports();

-- assignment: a desk manager assigns the clients it sees to an active agent of the brokerage
insert into ids select 'client1', id from crm.clients where email = 'client1@crm.demo';
insert into ids select 'compliance_user', id from core.users where email = 'compliance@crm.demo';
select tests.act_as('manager.b@crm.demo');
select throws_ok($$select crm_api.assign_client((select id from ids where k = 'client1'), (select id from ids where k = 'agent_b'))$$,
    'PT404', null, 'desk B''s manager cannot assign a client of the main desk (PT404)');
select tests.act_as('head@crm.demo');
select throws_ok($$select crm_api.assign_client((select id from ids where k = 'client1'), (select id from ids where k = 'compliance_user'))$$,
    'PT404', null, 'a client cannot be assigned to someone who is not an agent (PT404)');
reset role;
update core.users set is_active = false where id = (select id from ids where k = 'agent_b');
select tests.act_as('head@crm.demo');
select throws_ok($$select crm_api.assign_client((select id from ids where k = 'client1'), (select id from ids where k = 'agent_b'))$$,
    'PT404', null, 'nor to an inactive agent (PT404)');
reset role;
update core.users set is_active = true where id = (select id from ids where k = 'agent_b');
select is((select agent_id from crm.clients where id = (select id from ids where k = 'client1')),
          (select id from core.users where email = 'agent1@crm.demo'), 'client1 is still agent1''s');

-- the desk manager of the main desk: nothing of desk B
select tests.act_as('manager@crm.demo');
select is((select count(*) from crm_api.clients where id = (select id from ids where k = 'client_b')), 0::bigint,
    'the main desk''s manager does not see desk B''s client');
select is((select count(*) from crm_api.report_net_deposits where desk_id = (select id from ids where k = 'desk_b')), 0::bigint,
    'nor its deposits in the net deposits report');
select is((select sum(registered)::bigint from crm_api.report_funnel), (select count(*) from crm_api.clients),
    'the funnel counts exactly the clients the desk manager sees');
select is((select count(*) from crm_api.report_kyc_queue where client_id = (select id from ids where k = 'client_b')), 0::bigint,
    'nor desk B''s client in the KYC queue');
select is((select count(*) from crm_api.report_agent_leaderboard where agent_id = (select id from ids where k = 'agent_b')), 0::bigint,
    'nor desk B''s agent on the leaderboard');
select ok((select count(*) from crm_api.report_agent_leaderboard) = 2, 'positive control: it sees its own two agents');
select is((select count(*) from crm_api.ib_commissions where position_id = (select id from ids where k = 'position_b')), 0::bigint,
    'nor the IB commission on desk B''s client''s trade');
select ok((select count(*) from crm_api.ib_commissions) > 0, 'positive control: it sees the commissions of its own desk');

-- desk B's manager: its desk
select tests.act_as('manager.b@crm.demo');
select is((select sum(deposits) from crm_api.report_net_deposits where desk_id = (select id from ids where k = 'desk_b')), 777::numeric,
    'desk B''s manager sees its desk''s deposits');
select ok(exists (select from crm_api.report_kyc_queue where client_id = (select id from ids where k = 'client_b')),
    'and its client in the KYC queue');
select results_eq($$select agent_id from crm_api.report_agent_leaderboard$$, $$select id from ids where k = 'agent_b'$$,
    'its leaderboard lists its own agent only');
select is((select count(*) from crm_api.ib_commissions where position_id = (select id from ids where k = 'position_b')), 1::bigint,
    'and the IB commission on its client''s trade');
select throws_ok($$select crm_api.set_price('EURUSD', 1.08)$$, '42501', null, 'a desk manager may not post a price (42501)');

-- the head of sales (no desk): the whole brokerage
select tests.act_as('head@crm.demo');
select is((select count(*) from crm_api.report_agent_leaderboard), 3::bigint, 'a manager without a desk sees every agent');
select ok((select count(distinct desk_id) from crm_api.report_net_deposits) >= 2, 'and the net deposits of every desk');
select ok((select count(*) from crm_api.ib_commissions where position_id = (select id from ids where k = 'position_b')) = 1
          and (select count(*) from crm_api.ib_commissions) > 1, 'and every IB commission of the brokerage');

-- the introducing brokers: staff see the brokerage's, an IB its subtree, a client none
reset role;
select set_config('t.demo_ibs', (select count(*) from crm.ibs where tenant_id = (select id from ids where k = 'demo'))::text, true);
select tests.act_as('agent1@crm.demo');
select is((select count(*) from crm_private.ibs), current_setting('t.demo_ibs')::bigint, 'an agent sees every IB of the brokerage');
select tests.act_as('manager@crm.demo');
select is((select count(*) from crm_private.ibs), current_setting('t.demo_ibs')::bigint, 'a manager sees every IB of the brokerage');
select tests.act_as('compliance@crm.demo');
select is((select count(*) from crm_private.ibs), current_setting('t.demo_ibs')::bigint, 'compliance sees every IB of the brokerage');
select tests.act_as('finance@crm.demo');
select is((select count(*) from crm_private.ibs), current_setting('t.demo_ibs')::bigint, 'finance sees every IB of the brokerage');
select tests.act_as('ib1@crm.demo');
select is((select array_agg(referral_code) from crm_private.ibs), array['IB1DEMO'], 'an IB sees its own subtree only');
select tests.act_as('client1@crm.demo');
select is((select count(*) from crm_private.ibs), 0::bigint, 'a client sees no IB');
select tests.act_as('manager@other-crm.demo');
select is((select count(*) from crm_private.ibs where referral_code = 'IB1DEMO'), 0::bigint, 'the other brokerage sees none of ours');

select * from finish();
rollback;
