-- Leads: the brokerage (caller, referral code, x-brokerage header), dedupe
-- by e-mail, routing by country rule and round-robin, IB binding, welcome mail.
begin;
select plan(35);

create temp table ids (k text primary key, id uuid);
grant all on ids to public;

-- anonymous visitor with ib1's referral code
select tests.act_as_anon();
select lives_ok($$insert into ids select 'ref', crm_api.register_lead('Lena.Fischer@example.org', 'Lena Fischer', 'DE', '+49 89 555 0101', 'ib1demo')$$,
    'anon registers a lead with a referral code (case-insensitive)');
reset role;
select is((select tenants.name from crm.clients join core.tenants on tenants.id = clients.tenant_id where clients.id = (select id from ids where k = 'ref')),
    'Demo Brokerage', 'the referral code names the brokerage');
select is((select clients.ib_id from crm.clients where clients.id = (select id from ids where k = 'ref')),
    (select ibs.id from crm.ibs join core.users on users.id = ibs.user_id where users.email = 'ib1@crm.demo'),
    'the referral code binds the client to the IB');
select is((select clients.agent_id from crm.clients where clients.id = (select id from ids where k = 'ref')),
    (select users.id from core.users where users.email = 'agent1@crm.demo'),
    'a German lead goes to agent1 by country rule');
select is((select clients.status from crm.clients where clients.id = (select id from ids where k = 'ref')),
    'lead', 'a new lead has status lead');
select is((select count(*) from crm.client_events where client_id = (select id from ids where k = 'ref') and from_status is null and to_status = 'lead'),
    1::bigint, 'the creation is logged in the event log');
select is((select count(*) from core.jobs where kind = 'mailer.welcome' and payload ->> 'client_id' = (select id::text from ids where k = 'ref')),
    1::bigint, 'a welcome e-mail is queued');

-- anonymous visitor from the website: the x-brokerage header names the brokerage
select set_config('request.headers', json_build_object('x-brokerage', (select id from core.tenants where name = 'Other Brokerage'))::text, true);
select tests.act_as_anon();
select lives_ok($$insert into ids select 'hdr', crm_api.register_lead('lena.fischer@example.org', 'Lena Fischer', 'DE')$$,
    'the same e-mail may register at another brokerage (x-brokerage header)');
reset role;
select is((select tenants.name from crm.clients join core.tenants on tenants.id = clients.tenant_id where clients.id = (select id from ids where k = 'hdr')),
    'Other Brokerage', 'the x-brokerage header names the brokerage');
select is((select clients.agent_id from crm.clients where clients.id = (select id from ids where k = 'hdr')),
    null, 'a brokerage without active agents leaves the lead unassigned');
select set_config('request.headers', '', true);

-- refused
select tests.act_as_anon();
select throws_ok($$select crm_api.register_lead('nobody@example.org', 'No Body', 'DE')$$,
    '22023', null, 'anon without referral code or header: no brokerage (22023)');
reset role;
select set_config('request.headers', 'x-brokerage: not json', true);
select tests.act_as_anon();
select throws_ok($$select crm_api.register_lead('nobody@example.org', 'No Body', 'DE')$$,
    '22023', 'unknown brokerage', 'request headers that are not JSON name no brokerage (22023), not a JSON error');
reset role;
select set_config('request.headers', '', true);
select tests.act_as_anon();
select throws_ok($$select crm_api.register_lead('x@example.org', 'X Y', 'DE', null, 'NOSUCHCODE')$$,
    '22023', null, 'unknown referral code (22023)');
select throws_ok($$select crm_api.register_lead('LENA.FISCHER@example.org', 'Lena F.', 'DE', null, 'IB1DEMO')$$,
    '23505', 'a client with e-mail LENA.FISCHER@example.org already exists in this brokerage',
    'the same e-mail twice in one brokerage, whatever its case (23505), said plainly (the unique index is only the backstop)');
select tests.act_as('agent1@crm.demo');
select throws_ok($$select crm_api.register_lead('not-an-email', 'X Y', 'DE')$$,
    '22023', null, 'malformed e-mail (22023)');
select throws_ok($$select crm_api.register_lead('client1@crm.demo' || U&'\00A0', 'Dup NBSP', 'DE')$$,
    '22023', null, 'an existing client''s e-mail with a no-break space after it is malformed (22023), not a second lead');
select throws_ok($$select crm_api.register_lead(U&'\200B' || 'client1@crm.demo', 'Dup ZWSP', 'DE')$$,
    '22023', null, 'and with a zero-width space before it (22023)');
select throws_ok($$select crm_api.register_lead(U&'client1@crm.demo\3000', 'Dup ideographic', 'DE')$$,
    '22023', null, 'and with an ideographic space (22023)');
select throws_ok($$select crm_api.register_lead('client1@crm.demo' || U&'\+0E0041', 'Dup tag', 'DE')$$,
    '22023', null, 'and with a tag character, which shows nothing (22023)');
select throws_ok($$select crm_api.register_lead('ok@example.org', 'X Y', 'Germany')$$,
    '22023', null, 'country not an ISO code (22023)');
select tests.act_as('client1@crm.demo');
select throws_ok($$select crm_api.register_lead('c@example.org', 'C D', 'FR')$$,
    '42501', null, 'a client may not register leads (42501)');
select tests.act_as('compliance@crm.demo');
select throws_ok($$select crm_api.register_lead('c@example.org', 'C D', 'FR')$$,
    '42501', null, 'compliance may not register leads (42501)');
select tests.act_as('manager@other-crm.demo');
select throws_ok($$select crm_api.register_lead('c@example.org', 'C D', 'FR', null, 'IB1DEMO')$$,
    '22023', null, 'a referral code of another brokerage is unknown to a manager (22023)');

-- round-robin: leads without a country rule go to the agent assigned least recently
reset role;
update crm.staff set last_assigned_at = now() - interval '1 hour' where user_id = (select id from core.users where email = 'agent1@crm.demo');
update crm.staff set last_assigned_at = now() - interval '2 hours' where user_id = (select id from core.users where email = 'agent2@crm.demo');
select tests.act_as('manager@crm.demo');
insert into ids select 'rr1', crm_api.register_lead('rr1@example.org', 'Remy Roux', 'FR');
insert into ids select 'rr2', crm_api.register_lead('rr2@example.org', 'Rita Roux', 'FR');
reset role;
select is((select agent_id from crm.clients where id = (select id from ids where k = 'rr1')),
    (select id from core.users where email = 'agent2@crm.demo'), 'round-robin: the agent assigned least recently gets the lead');
select is((select agent_id from crm.clients where id = (select id from ids where k = 'rr2')),
    (select id from core.users where email = 'agent1@crm.demo'), 'round-robin: the next lead goes to the other agent');
select is((select tenant_id from crm.clients where id = (select id from ids where k = 'rr1')),
    (select tenant_id from core.users where email = 'manager@crm.demo'), 'a lead entered by staff belongs to the caller''s brokerage');

-- an inactive agent's country rule falls back to round-robin
update core.users set is_active = false where email = 'agent1@crm.demo';
select tests.act_as('manager@crm.demo');
insert into ids select 'de2', crm_api.register_lead('de2@example.org', 'Dieter Zwei', 'DE');
reset role;
select is((select agent_id from crm.clients where id = (select id from ids where k = 'de2')),
    (select id from core.users where email = 'agent2@crm.demo'), 'an inactive agent''s country rule falls back to round-robin among active agents');

-- each guard of register_lead by its SQLSTATE
select tests.act_as('manager@crm.demo');
select throws_ok($$select crm_api.register_lead('blank.name@example.org', '   ', 'FR')$$,
    '22023', null, 'a blank full name is 22023');
select throws_ok($$select crm_api.register_lead('tab.name@example.org', E'\t\n' || U&'\00A0', 'FR')$$,
    '22023', null, 'a full name of tabs, line breaks and no-break spaces is blank too (22023)');
select throws_ok($$select crm_api.register_lead('bad.phone@example.org', 'Bad Phone', 'FR', 'call me maybe')$$,
    '22023', null, 'a malformed phone number is 22023');
-- an e-mail is at most 254 characters (RFC 5321): a longer one is 22023,
-- never the unique index's 54000 (index row too large), and leaves no row
select lives_ok($$select crm_api.register_lead(repeat('x', 242) || '@example.org', 'Long Mail', 'FR')$$,
    'an e-mail of exactly 254 characters is accepted');
select throws_ok($$select crm_api.register_lead(repeat('y', 243) || '@example.org', 'Long Mail', 'FR')$$,
    '22023', 'an e-mail address of 255 characters is too long (at most 254)', 'an e-mail of 255 characters is 22023');
select throws_ok($$select crm_api.register_lead((select string_agg(md5(n::text), '') from generate_series(1, 200) as n) || '@example.org', 'Long Mail', 'FR')$$,
    '22023', 'an e-mail address of 6412 characters is too long (at most 254)', 'an e-mail of 6,412 characters is 22023, not an index error (54000)');
select tests.act_as_anon();
select throws_ok($$select crm_api.register_lead((select string_agg(md5(n::text), '') from generate_series(1, 200) as n) || '@example.org', 'Long Mail', 'FR', null, 'IB1DEMO')$$,
    '22023', 'an e-mail address of 6412 characters is too long (at most 254)', 'anon with a referral code: the same (22023)');
reset role;
select is((select count(*) from crm.clients where full_name = 'Long Mail'), 1::bigint,
    'the refused e-mails left no lead behind (only the 254-character one)');
reset role;
select * from finish();
rollback;
