-- thick: alone
-- A lead routed by round-robin (crm_private.pick_agent) holds its agent's
-- staff row until the lead's transaction ends, in the mode of the update
-- that marks the agent as just assigned (`for no key update`): that mode
-- leaves the row's key alone, so the foreign key check of another client
-- given to the same agent (a `for key share` of that row) goes through at
-- once. `for update` would make every assignment to that agent wait for
-- the lead's transaction.
--
-- The wait shows only to another session, so this file runs alone
-- (`thick: alone`: no other file's locks in the way; it commits nothing):
-- this session registers the lead and keeps its transaction open, a
-- manager assigns another client to the same agent in a second session
-- (tests.start_in_second_session), whose answer must come while this
-- session still holds the row. Should it wait, its lock_timeout ends it
-- after 20 s without an answer, and the last assertion fails.
begin;
select plan(3);

select set_config('request.headers', json_build_object('x-brokerage', (select id from core.tenants where app = 'crm' and name = 'Demo Brokerage'))::text, true);
select tests.act_as_anon();
-- no country rule for Iceland: round-robin
select set_config('t.lead', crm_api.register_lead('round.robin.lock@example.org', 'Round Robin', 'IS')::text, true);
reset role;
select set_config('t.agent', coalesce((select agent_id::text from crm.clients where id = current_setting('t.lead')::uuid), ''), true);
select isnt(current_setting('t.agent'), '', 'the lead went to an agent by round-robin');
select isnt((select last_assigned_at from crm.staff where user_id = current_setting('t.agent')::uuid), null,
            'and this open transaction marked the agent as just assigned (its row is held)');

-- a client of the manager's brokerage who belongs to another agent
select set_config('t.other', clients.id::text, true)
from crm.clients as clients
join core.tenants as tenants on tenants.id = clients.tenant_id
where tenants.app = 'crm' and tenants.name = 'Demo Brokerage'
  and clients.agent_id is distinct from current_setting('t.agent')::uuid
  and clients.status <> 'closed'
order by clients.id
limit 1;

select tests.start_in_second_session('assigner', 'manager@crm.demo', pg_catalog.format(
    'select crm_api.assign_client(%L, %L)::text', current_setting('t.other'), current_setting('t.agent')));
select is(tests.end_second_session('assigner'), 1::bigint,
          'a manager assigns another client to that agent while the lead''s transaction is open: the foreign key check does not wait');

select * from finish();
rollback;
