-- Client lifecycle: only the moves of crm.status_transitions, each logged in
-- the append-only event log with the acting user; the dormant sweep.
begin;
select plan(42);
-- the price feed posts the seed's marks again: a fill needs a recent mark
select tests.crm_fresh_marks();

create temp table ids (k text primary key, id uuid);
grant all on ids to public;
insert into ids select 'client2', id from crm.clients where email = 'client2@crm.demo';
insert into ids select 'client1', id from crm.clients where email = 'client1@crm.demo';

-- an allowed move, made by a user: logged with that user
select tests.act_as('manager@crm.demo');
insert into ids select 'lead', crm_api.register_lead('life@example.org', 'Liv Cycle', 'FR');
reset role;
select set_config('request.jwt.claims', tests.claims_for('compliance@crm.demo')::text, true);
select lives_ok($$select crm_private.transition_client((select id from ids where k = 'lead'), 'registered', 'login created')$$,
    'lead to registered is allowed');
select set_config('request.jwt.claims', '', true);
select is((select status from crm.clients where id = (select id from ids where k = 'lead')), 'registered', 'the status changed');
select results_eq(
    $$select from_status, to_status, reason, user_id from crm.client_events where client_id = (select id from ids where k = 'lead') order by id desc limit 1$$,
    $$values ('lead'::text, 'registered'::text, 'login created'::text, (select id from core.users where email = 'compliance@crm.demo'))$$,
    'the move is logged with from, to, reason and the acting user');

-- refused moves
select throws_ok($$select crm_private.transition_client((select id from ids where k = 'lead'), 'funded', 'skip KYC')$$,
    'PT409', null, 'registered to funded skips KYC (PT409)');
select throws_ok($$select crm_private.transition_client((select id from ids where k = 'lead'), 'registered', 'again')$$,
    'PT409', null, 'a move to the same status is refused (PT409)');
select throws_ok($$select crm_private.transition_client((select id from ids where k = 'lead'), 'vip', 'x')$$,
    '22023', null, 'an unknown status (22023)');
select throws_ok($$select crm_private.transition_client('00000000-0000-0000-0000-000000000000', 'registered', 'x')$$,
    'PT404', null, 'an unknown client (PT404)');
select is((select count(*) from crm.client_events where client_id = (select id from ids where k = 'lead')), 2::bigint,
    'refused moves leave no event');

-- the log is append-only, even for the owner
select throws_ok($$update crm.client_events set reason = 'rewritten' where client_id = (select id from ids where k = 'lead')$$,
    '42501', null, 'updating the event log is refused (42501)');
select throws_ok($$delete from crm.client_events where client_id = (select id from ids where k = 'lead')$$,
    '42501', null, 'deleting from the event log is refused (42501)');

-- status changes only through functions: API roles cannot call the internal one, nor write the table
select tests.act_as('manager@crm.demo');
select throws_ok($$select crm_private.transition_client((select id from ids where k = 'lead'), 'closed', 'x')$$,
    '42501', null, 'an API role cannot call crm_private.transition_client (42501)');
select throws_ok($$update crm.clients set status = 'approved'$$,
    '42501', null, 'an API role cannot update crm.clients (42501)');

-- the dormant sweep: 90 days without activity
reset role;
select crm_private.transition_client((select id from ids where k = 'client2'), 'kyc_pending', 'test');
select crm_private.transition_client((select id from ids where k = 'client2'), 'approved', 'test');
select crm_private.transition_client((select id from ids where k = 'client2'), 'funded', 'test');
update crm.clients set status_changed_at = now() - interval '120 days' where id = (select id from ids where k = 'client2');
select ok(crm_private.mark_dormant_clients() >= 1, 'the sweep moves idle clients');
select is((select status from crm.clients where id = (select id from ids where k = 'client2')), 'dormant',
    'a funded client idle for 120 days is dormant');
select is((select reason from crm.client_events where client_id = (select id from ids where k = 'client2') order by id desc limit 1),
    'no activity for 90 days', 'the sweep logs why');
select isnt((select status from crm.clients where id = (select id from ids where k = 'client1')), 'dormant',
    'a client with recent activity is not swept');

-- the sweep's step reads the client again under its lock: a deposit
-- committed after the sweep's scan keeps the client as it is (client1's
-- last deposit was 61 days ago; its status change is moved out of the way)
update crm.clients set status_changed_at = status_changed_at - interval '120 days' where id = (select id from ids where k = 'client1');
select is(crm_private.mark_dormant((select id from ids where k = 'client1'), interval '90 days'), false,
    'the sweep''s step leaves a client whose deposit is within the idle time');
select is((select status from crm.clients where id = (select id from ids where k = 'client1')), 'funded',
    'and the client is still funded');
update crm.clients set status_changed_at = status_changed_at + interval '120 days' where id = (select id from ids where k = 'client1');
select is(crm_private.mark_dormant((select id from ids where k = 'client2'), interval '90 days'), false,
    'the sweep''s step leaves a client already dormant');
select is(crm_private.mark_dormant('00000000-0000-0000-0000-000000000000', interval '90 days'), false,
    'the sweep''s step moves no unknown client');

-- exactly the idle time is not yet idle enough
reset role;
insert into ids select 'edge', crm_api.register_lead('dormant.edge@example.org', 'Dora Edge', 'DE');
select crm_private.transition_client((select id from ids where k = 'edge'), 'kyc_pending', 'test');
select crm_private.transition_client((select id from ids where k = 'edge'), 'approved', 'test');
select crm_private.transition_client((select id from ids where k = 'edge'), 'funded', 'test');
update crm.clients set status_changed_at = now() - interval '90 days' where id = (select id from ids where k = 'edge');
select crm_private.mark_dormant_clients(interval '90 days');
select ok(not coalesce(tests.my_row_locks('crm.clients', (select id from ids where k = 'edge')) @> array['For Update'], false),
    'the sweep does not even lock a client idle for exactly 90 days (only idle ones are read again under their lock)');
select is(crm_private.mark_dormant((select id from ids where k = 'edge'), interval '90 days'), false,
    'the sweep''s step does not move a client idle for exactly 90 days either');
select is((select status from crm.clients where id = (select id from ids where k = 'edge')), 'funded',
    'a client idle for exactly 90 days is not swept yet');
update crm.clients set status_changed_at = now() - interval '90 days 1 second' where id = (select id from ids where k = 'edge');
select crm_private.mark_dormant_clients(interval '90 days');
select is((select status from crm.clients where id = (select id from ids where k = 'edge')), 'dormant',
    'a second longer and it is');

-- a login is granted once (onboarding code and seeds call it directly)
select throws_ok($$select crm_private.grant_client_login((select id from ids where k = 'client1'), 'demo')$$,
    'PT409', null, 'a client that has a login gets no second one (PT409)');

-- the end of the lifecycle: a manager or compliance closes a client with a reason
insert into ids select 'account1', id from crm.accounts where client_id = (select id from ids where k = 'client1');
select tests.act_as('client1@crm.demo');
select throws_ok($$select crm_api.close_client((select id from ids where k = 'client1'), 'I want out')$$,
    '42501', null, 'a client may not close itself through the API (42501)');
insert into ids select 'position1', crm_api.open_position((select id from ids where k = 'account1'), 'EURUSD', 'buy', 0.1, 1.08);
-- holding an open position is activity until it closes: a client whose
-- position opened long ago is not dormant (it still carries margin and risk)
reset role;
update crm.positions set opened_at = opened_at - interval '120 days' where id = (select id from ids where k = 'position1');
update crm.clients set status_changed_at = status_changed_at - interval '120 days' where id = (select id from ids where k = 'client1');
select is(crm_private.mark_dormant((select id from ids where k = 'client1'), interval '30 days'), false,
    'a client holding a position opened 120 days ago, its last deposit 61 days ago, is not dormant after 30 idle days');
update crm.clients set status_changed_at = status_changed_at + interval '120 days' where id = (select id from ids where k = 'client1');
select is(crm_private.last_activity((select id from ids where k = 'client1'), now() - interval '1 year'), now(),
    'its last activity is now, as long as the position is open');
select tests.act_as('agent1@crm.demo');
select throws_ok($$select crm_api.close_client((select id from ids where k = 'client1'), 'asked to leave')$$,
    '42501', null, 'an agent may not close a client (42501)');
select tests.act_as('manager@other-crm.demo');
select throws_ok($$select crm_api.close_client((select id from ids where k = 'client1'), 'asked to leave')$$,
    'PT404', null, 'the other brokerage''s manager does not find the client (PT404)');
select tests.act_as('manager@crm.demo');
select throws_ok($$select crm_api.close_client((select id from ids where k = 'client1'), '  ')$$,
    '22023', null, 'closing needs a reason (22023)');
select throws_ok($$select crm_api.close_client((select id from ids where k = 'client1'), E'\t\n' || U&'\00A0')$$,
    '22023', null, 'a reason of tabs, line breaks and no-break spaces is none (22023)');
select throws_ok($$select crm_api.close_client((select id from ids where k = 'client1'), 'asked to leave')$$,
    'P0001', 'client ' || (select id from ids where k = 'client1') || ' has open positions',
    'a client with an open position cannot be closed (P0001)');
select tests.act_as('client1@crm.demo');
select crm_api.close_position((select id from ids where k = 'position1'), 1.08);
insert into ids select 'withdrawal1', crm_api.request_withdrawal((select id from ids where k = 'account1'), 50);
select tests.act_as('compliance@crm.demo');
select throws_ok($$select crm_api.close_client((select id from ids where k = 'client1'), 'asked to leave')$$,
    'P0001', 'client ' || (select id from ids where k = 'client1') || ' has withdrawals waiting for a decision',
    'nor one with a withdrawal waiting for finance (P0001)');
select tests.act_as('finance@crm.demo');
select crm_api.decide_withdrawal((select id from ids where k = 'withdrawal1'), false, 'the client withdraws the whole balance instead');
select tests.act_as('compliance@crm.demo');
select throws_ok($$select crm_api.close_client((select id from ids where k = 'client1'), 'asked to leave')$$,
    'P0001', 'client ' || (select id from ids where k = 'client1') || ' still holds money on an account',
    'nor one with money on an account, which a closed client could not withdraw (P0001)');
select tests.act_as('client1@crm.demo');
insert into ids select 'withdrawal2', crm_api.request_withdrawal((select id from ids where k = 'account1'),
                                                                 (select balance from crm_api.account_summary((select id from ids where k = 'account1'))));
select tests.act_as('finance@crm.demo');
select crm_api.decide_withdrawal((select id from ids where k = 'withdrawal2'), true);
select tests.act_as('compliance@crm.demo');
select lives_ok($$select crm_api.close_client((select id from ids where k = 'client1'), 'client asked to close the relationship')$$,
    'compliance closes the client');
select results_eq(
    $$select from_status, to_status, reason, user_id from crm_api.client_events where client_id = (select id from ids where k = 'client1') order by id desc limit 1$$,
    $$values ('active'::text, 'closed'::text, 'client asked to close the relationship'::text, (select core.current_user_id()))$$,
    'the event log records the closure, its reason and who closed it');
select tests.act_as('manager@crm.demo');
select throws_ok($$select crm_api.close_client((select id from ids where k = 'client1'), 'again')$$,
    'PT409', 'client ' || (select id from ids where k = 'client1') || ' is already closed', 'closing a closed client again is PT409');
select tests.act_as('finance@crm.demo');
select throws_ok($$select crm_api.record_deposit((select id from ids where k = 'account1'), 100, 'wire', 'CLOSED-1')$$,
    'PT409', null, 'a closed client''s account takes no deposit (PT409)');
select tests.act_as('client1@crm.demo');
select throws_ok($$select crm_api.open_position((select id from ids where k = 'account1'), 'EURUSD', 'buy', 0.1, 1.08)$$,
    'PT409', null, 'no trade (PT409)');
select throws_ok($$select crm_api.request_withdrawal((select id from ids where k = 'account1'), 10)$$,
    'PT409', null, 'no withdrawal (PT409)');
select throws_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'client1'), 'id_document', 'late.pdf', current_date + 100)$$,
    'PT409', null, 'no KYC submission (PT409)');
reset role;

select * from finish();
rollback;
