-- Logging in and the profile: every CRM role may call login (a request
-- that still carries a token may log in again) and me; the price feed
-- reads no client data, so the helpers the client policies call are not
-- its to run.
begin;
select plan(20);

select tests.act_as_anon();
select is(tests.jwt_payload(crm_api.login('client1@crm.demo', 'demo')) ->> 'role', 'crm_client', 'anonymous: login returns a client''s token');
select throws_ok($$select crm_api.me()$$, '42501', null, 'anonymous: me is refused (42501)');

select tests.act_as('agent1@crm.demo');
select is(tests.jwt_payload(crm_api.login('agent1@crm.demo', 'demo')) ->> 'role', 'crm_agent', 'an agent logs in again');
select is(crm_api.me() ->> 'email', 'agent1@crm.demo', 'an agent''s me is its own profile');
select tests.act_as('manager@crm.demo');
select is(tests.jwt_payload(crm_api.login('manager@crm.demo', 'demo')) ->> 'role', 'crm_manager', 'a manager logs in again');
select is(crm_api.me() ->> 'email', 'manager@crm.demo', 'a manager''s me is its own profile');
select tests.act_as('compliance@crm.demo');
select is(tests.jwt_payload(crm_api.login('compliance@crm.demo', 'demo')) ->> 'role', 'crm_compliance', 'compliance logs in again');
select is(crm_api.me() ->> 'email', 'compliance@crm.demo', 'compliance''s me is its own profile');
select tests.act_as('finance@crm.demo');
select is(tests.jwt_payload(crm_api.login('finance@crm.demo', 'demo')) ->> 'role', 'crm_finance', 'finance logs in again');
select is(crm_api.me() ->> 'email', 'finance@crm.demo', 'finance''s me is its own profile');
select tests.act_as('client1@crm.demo');
select is(tests.jwt_payload(crm_api.login('client1@crm.demo', 'demo')) ->> 'role', 'crm_client', 'a client logs in again');
select is(crm_api.me() ->> 'email', 'client1@crm.demo', 'a client''s me is its own profile');
select tests.act_as('ib1@crm.demo');
select is(tests.jwt_payload(crm_api.login('ib1@crm.demo', 'demo')) ->> 'role', 'crm_ib', 'an IB logs in again');
select is(crm_api.me() ->> 'email', 'ib1@crm.demo', 'an IB''s me is its own profile');
select tests.act_as('feed@crm.demo');
select is(tests.jwt_payload(crm_api.login('feed@crm.demo', 'demo')) ->> 'role', 'crm_feed', 'the price feed logs in again');
select is(crm_api.me() ->> 'email', 'feed@crm.demo', 'the price feed''s me is its own profile');
select throws_ok($$select crm_private.current_desk_id()$$, '42501', null, 'the price feed may not run the desk helper (42501)');
select throws_ok($$select crm_private.current_ib_ids()$$, '42501', null, 'the price feed may not run the IB subtree helper (42501)');
select tests.act_as('manager@crm.demo');
select ok(crm_private.current_desk_id() is not null, 'a desk manager runs the desk helper (positive control)');
select tests.act_as('ib1@crm.demo');
select ok(cardinality(crm_private.current_ib_ids()) >= 1, 'an IB runs the IB subtree helper (positive control)');

select * from finish();
rollback;
