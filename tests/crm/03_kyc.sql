-- KYC: who may submit, expiry, four eyes, approval needs both valid
-- documents, decisions notify the client, already approved is a conflict.
begin;
select plan(72);

create temp table ids (k text primary key, id uuid);
grant all on ids to public;
insert into ids select 'client1', id from crm.clients where email = 'client1@crm.demo';
insert into ids select 'client2', id from crm.clients where email = 'client2@crm.demo';
-- a fresh lead for the guards at the end, registered first: registering takes
-- the round-robin lock on an agent before this file locks client2, the order
-- the other suites take them in (the other order can deadlock with them)
select tests.act_as('manager@crm.demo');
insert into ids select 'fresh_lead', crm_api.register_lead('fresh.lead@example.org', 'Fresh Lead', 'FR');
reset role;

-- the client itself (client2, a lead assigned to agent2)
select tests.act_as('client2@crm.demo');
select lives_ok($$insert into ids select 'id', crm_api.submit_kyc_document((select id from ids where k = 'client2'), 'id_document', 'kyc/c2/passport.pdf', current_date + 900)$$,
    'a client submits its own identity document');
reset role;
select is((select status from crm.clients where id = (select id from ids where k = 'client2')), 'kyc_pending',
    'the first document moves a lead to kyc_pending');
select is((select uploaded_by from crm.kyc_documents where id = (select id from ids where k = 'id')),
    (select id from core.users where email = 'client2@crm.demo'), 'the uploader is recorded');

-- refused submissions
select tests.act_as('client2@crm.demo');
select throws_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'client2'), 'selfie', 'x.jpg', current_date + 10)$$,
    '22023', null, 'an unknown kind (22023)');
select throws_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'client2'), 'id_document', 'old.pdf', current_date - 1)$$,
    'P0001', null, 'an expired document (P0001)');
select throws_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'client2'), 'id_document', 'noexpiry.pdf', null)$$,
    '22023', null, 'an identity document without expiry (22023)');
select throws_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'client2'), 'id_document', 'forever.pdf', 'infinity')$$,
    '22023', null, 'an identity document expiring ''infinity'' is malformed (22023)');
select throws_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'client2'), 'id_document', 'far.pdf', (current_date + interval '16 years')::date)$$,
    '22023', null, 'an expiry more than 15 years ahead is implausible (22023)');
select throws_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'client2'), 'proof_of_address', 'never.pdf', '-infinity')$$,
    '22023', null, 'an expiry of ''-infinity'' is malformed (22023)');
select lives_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'client2'), 'id_document', 'ten-years.pdf', (current_date + interval '10 years')::date)$$,
    'positive control: a passport valid for ten years is accepted');
select lives_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'client2'), 'id_document', 'fifteen-years.pdf', (current_date + interval '15 years')::date)$$,
    'an expiry exactly 15 years ahead is accepted');
select lives_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'client2'), 'proof_of_address', 'today.pdf', current_date)$$,
    'a document expiring today has not expired yet');
reset role;
delete from crm.kyc_documents where file_name in ('ten-years.pdf', 'fifteen-years.pdf', 'today.pdf');
select tests.act_as('client2@crm.demo');
select throws_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'client1'), 'proof_of_address', 'x.pdf', null)$$,
    'PT404', null, 'a client cannot submit for another client (PT404)');
select tests.act_as('agent1@crm.demo');
select throws_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'client2'), 'proof_of_address', 'x.pdf', null)$$,
    'PT404', null, 'an agent cannot submit for a client not assigned to it (PT404)');
select tests.act_as('compliance@crm.demo');
select throws_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'client2'), 'proof_of_address', 'x.pdf', null)$$,
    '42501', null, 'compliance does not upload (42501)');
select tests.act_as('manager@other-crm.demo');
select throws_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'client2'), 'proof_of_address', 'x.pdf', null)$$,
    'PT404', null, 'the other brokerage cannot see the client (PT404)');

-- approval needs a proof of address too
select tests.act_as('compliance@crm.demo');
select throws_ok($$select crm_api.review_kyc((select id from ids where k = 'client2'), true)$$,
    'P0001', null, 'approval without a proof of address (P0001)');
select tests.act_as('agent2@crm.demo');
select lives_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'client2'), 'proof_of_address', 'kyc/c2/bill.pdf', null)$$,
    'the assigned agent submits the proof of address');

-- four eyes: a document uploaded by the reviewer blocks the review
reset role;
insert into crm.kyc_documents (tenant_id, client_id, kind, file_name, expires_on, uploaded_by)
select tenant_id, id, 'proof_of_address', 'kyc/c2/by_compliance.pdf', null, (select id from core.users where email = 'compliance@crm.demo')
from crm.clients where id = (select id from ids where k = 'client2');
select tests.act_as('compliance@crm.demo');
select throws_ok($$select crm_api.review_kyc((select id from ids where k = 'client2'), true)$$,
    '42501', null, 'the reviewer may not be the uploader of a document under review (42501)');
reset role;
delete from crm.kyc_documents where file_name = 'kyc/c2/by_compliance.pdf';

-- only compliance reviews
select tests.act_as('manager@crm.demo');
select throws_ok($$select crm_api.review_kyc((select id from ids where k = 'client2'), true)$$,
    '42501', null, 'a manager may not review KYC (42501)');

-- an expired identity document cannot be approved
reset role;
update crm.kyc_documents set expires_on = current_date - 1 where id = (select id from ids where k = 'id');
select tests.act_as('compliance@crm.demo');
select throws_ok($$select crm_api.review_kyc((select id from ids where k = 'client2'), true)$$,
    'P0001', null, 'approval with an expired identity document (P0001)');
reset role;
update crm.kyc_documents set expires_on = current_date + 900 where id = (select id from ids where k = 'id');

-- rejection returns to registered, approval after a new submission
select tests.act_as('compliance@crm.demo');
select lives_ok($$select crm_api.review_kyc((select id from ids where k = 'client2'), false, 'blurred scan')$$,
    'compliance rejects');
reset role;
select is((select status from crm.clients where id = (select id from ids where k = 'client2')), 'registered',
    'a rejection returns the client to registered');
select tests.act_as('client2@crm.demo');
select lives_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'client2'), 'id_document', 'kyc/c2/passport2.pdf', current_date + 900),
                         crm_api.submit_kyc_document((select id from ids where k = 'client2'), 'proof_of_address', 'kyc/c2/bill2.pdf', current_date + 60)$$,
    'the client submits new documents');
select tests.act_as('compliance@crm.demo');
select lives_ok($$select crm_api.review_kyc((select id from ids where k = 'client2'), true, 'verified')$$,
    'compliance approves valid documents uploaded by others');
reset role;
select is((select status from crm.clients where id = (select id from ids where k = 'client2')), 'approved', 'the client is approved');
select ok(crm_private.client_is_kyc_approved((select id from ids where k = 'client2')), 'client_is_kyc_approved says so');
select is((select count(*) from core.jobs where kind = 'mailer.kyc_decision' and payload ->> 'client_id' = (select id::text from ids where k = 'client2')),
    2::bigint, 'each decision queues a mailer.kyc_decision');
select tests.act_as('compliance@crm.demo');
select throws_ok($$select crm_api.review_kyc((select id from ids where k = 'client2'), true)$$,
    'PT409', null, 'reviewing an approved client again (PT409)');
select tests.act_as('client2@crm.demo');
select throws_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'client2'), 'id_document', 'late.pdf', current_date + 900)$$,
    'PT409', null, 'no new submission once KYC is decided (PT409)');

-- each remaining guard by its SQLSTATE
select tests.act_as('manager@crm.demo');
select throws_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'fresh_lead'), 'proof_of_address', '  ', null)$$,
    '22023', null, 'a document without a file name is 22023');
select throws_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'fresh_lead'), 'proof_of_address', E'\t\n' || U&'\00A0', null)$$,
    '22023', null, 'a file name of tabs, line breaks and no-break spaces is none (22023)');
select tests.act_as('compliance@crm.demo');
select throws_ok($$select crm_api.review_kyc((select id from ids where k = 'fresh_lead'), false, 'nothing to see')$$,
    'PT409', null, 'a lead with nothing under review cannot be decided, not even rejected (PT409)');
select throws_ok($$select crm_api.review_kyc((select id from ids where k = 'client2'), null)$$,
    '22023', null, 'a null decision is 22023');
select throws_ok($$select crm_api.review_kyc('00000000-0000-0000-0000-000000000000', true)$$,
    'PT404', null, 'reviewing an unknown client is PT404');
reset role;
select is((select status from crm.clients where id = (select id from ids where k = 'fresh_lead')), 'lead',
    'the refused review left the lead a lead');

-- re-KYC at the boundaries: an approved identity document expiring in
-- exactly 30 days admits a new one; documents expiring today are still valid
reset role;
update crm.kyc_documents set expires_on = current_date + 30
where client_id = (select id from ids where k = 'client2') and kind = 'id_document' and status = 'approved';
select tests.act_as('client2@crm.demo');
select lives_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'client2'), 'id_document', 'kyc/c2/passport3.pdf', current_date + 900)$$,
    'an approved identity document expiring in exactly 30 days admits a new one');
reset role;
update crm.kyc_documents set expires_on = current_date where file_name in ('kyc/c2/passport3.pdf', 'kyc/c2/bill2.pdf');
-- beside them a pending identity document that expired yesterday, which the
-- approval rejects as expired
insert into crm.kyc_documents (tenant_id, client_id, kind, file_name, expires_on, uploaded_by)
select tenant_id, id, 'id_document', 'kyc/c2/passport-lapsed.pdf', current_date - 1, (select id from core.users where email = 'client2@crm.demo')
from crm.clients where id = (select id from ids where k = 'client2');
select tests.act_as('compliance@crm.demo');
select lives_ok($$select crm_api.review_kyc((select id from ids where k = 'client2'), true, 're-KYC')$$,
    'compliance approves an identity document and a proof of address expiring today');
reset role;
select is((select status from crm.kyc_documents where file_name = 'kyc/c2/passport3.pdf'), 'approved', 'the document expiring today is approved');
select results_eq(
    $$select status, review_reason from crm.kyc_documents where file_name = 'kyc/c2/passport3.pdf'$$,
    $$values ('approved'::text, 're-KYC'::text)$$,
    'the document expiring today keeps the reviewer''s reason, not ''expired''');
select results_eq(
    $$select status, review_reason from crm.kyc_documents where file_name = 'kyc/c2/passport-lapsed.pdf'$$,
    $$values ('rejected'::text, 'expired'::text)$$,
    'the one that expired yesterday is rejected as expired');
update crm.kyc_documents set expires_on = current_date
where client_id = (select id from ids where k = 'client2') and kind = 'id_document' and status = 'approved';
select lives_ok($$select crm_private.require_client_in_good_standing((select id from ids where k = 'client2'), 'trading')$$,
    'a client whose identity document expires today is still in good standing');
update crm.kyc_documents set expires_on = current_date - 1
where client_id = (select id from ids where k = 'client2') and kind = 'id_document' and status = 'approved';
select throws_ok($$select crm_private.require_client_in_good_standing((select id from ids where k = 'client2'), 'trading')$$,
    'P0001', null, 'from the day after, it is not');
-- the CRM's day is the UTC day, whatever the session's time zone (a client of
-- the API may set its own). Each check runs east and west of the date line,
-- in UTC+14 and UTC-11: at every instant one of the two is on another date
-- than UTC, so a rule judged on the session's date fails one of them.
select set_config('t.utc_today', ((now() at time zone 'UTC')::date)::text, true);
-- submission, the re-KYC gate: an approved identity document valid 31 more
-- UTC days still blocks a new one, 30 more days admit it
update crm.kyc_documents set expires_on = current_setting('t.utc_today')::date + 31
where client_id = (select id from ids where k = 'client2') and kind = 'id_document' and status = 'approved';
select tests.act_as('client2@crm.demo');
set local timezone = 'Pacific/Kiritimati';
select throws_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'client2'), 'id_document', 'tz-gate-east.pdf', current_setting('t.utc_today')::date + 900)$$,
    'PT409', null, 'UTC+14: an approved identity document valid 31 more UTC days blocks a new one (PT409)');
set local timezone = 'Pacific/Pago_Pago';
select throws_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'client2'), 'id_document', 'tz-gate-west.pdf', current_setting('t.utc_today')::date + 900)$$,
    'PT409', null, 'UTC-11: an approved identity document valid 31 more UTC days blocks a new one (PT409)');
reset role;
update crm.kyc_documents set expires_on = current_setting('t.utc_today')::date + 30
where client_id = (select id from ids where k = 'client2') and kind = 'id_document' and status = 'approved';
select tests.act_as('client2@crm.demo');
set local timezone = 'Pacific/Kiritimati';
select lives_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'client2'), 'id_document', 'tz-gate-east.pdf', current_setting('t.utc_today')::date + 900)$$,
    'UTC+14: one valid 30 more UTC days admits a new one');
set local timezone = 'Pacific/Pago_Pago';
select lives_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'client2'), 'id_document', 'tz-gate-west.pdf', current_setting('t.utc_today')::date + 900)$$,
    'UTC-11: one valid 30 more UTC days admits a new one');
-- submission: expired is before the UTC today, implausible beyond 15 years of it
set local timezone = 'Pacific/Kiritimati';
select throws_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'client2'), 'id_document', 'tz-lapsed.pdf', current_setting('t.utc_today')::date - 1)$$,
    'P0001', null, 'UTC+14: a document that expired on the UTC yesterday is refused (P0001)');
select lives_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'client2'), 'id_document', 'tz-today-east.pdf', current_setting('t.utc_today')::date)$$,
    'UTC+14: a document expiring on the UTC today is accepted');
select lives_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'client2'), 'id_document', 'tz-far-east.pdf', (current_setting('t.utc_today')::date + interval '15 years')::date)$$,
    'UTC+14: an expiry exactly 15 years after the UTC today is accepted');
select throws_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'client2'), 'id_document', 'tz-too-far.pdf', (current_setting('t.utc_today')::date + interval '15 years')::date + 1)$$,
    '22023', null, 'UTC+14: one day more is implausible (22023)');
set local timezone = 'Pacific/Pago_Pago';
select throws_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'client2'), 'id_document', 'tz-lapsed.pdf', current_setting('t.utc_today')::date - 1)$$,
    'P0001', null, 'UTC-11: a document that expired on the UTC yesterday is refused (P0001)');
select lives_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'client2'), 'id_document', 'tz-today-west.pdf', current_setting('t.utc_today')::date)$$,
    'UTC-11: a document expiring on the UTC today is accepted');
select lives_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'client2'), 'id_document', 'tz-far-west.pdf', (current_setting('t.utc_today')::date + interval '15 years')::date)$$,
    'UTC-11: an expiry exactly 15 years after the UTC today is accepted');
select throws_ok($$select crm_api.submit_kyc_document((select id from ids where k = 'client2'), 'id_document', 'tz-too-far.pdf', (current_setting('t.utc_today')::date + interval '15 years')::date + 1)$$,
    '22023', null, 'UTC-11: one day more is implausible (22023)');
reset timezone;
reset role;
delete from crm.kyc_documents where client_id = (select id from ids where k = 'client2') and status = 'pending';

-- review: an identity document or a proof of address that expired on the UTC
-- yesterday is not approved; ones expiring on the UTC today are
create function pg_temp.pending_id_document(file_name text, expires_on date)
returns void
language sql
as $$
    insert into crm.kyc_documents (tenant_id, client_id, kind, file_name, expires_on, uploaded_by)
    select clients.tenant_id, clients.id, 'id_document', pending_id_document.file_name, pending_id_document.expires_on,
           (select users.id from core.users as users where users.email = 'client2@crm.demo')
    from crm.clients as clients
    where clients.id = (select ids.id from ids where ids.k = 'client2')
$$;
update crm.kyc_documents set expires_on = current_setting('t.utc_today')::date
where client_id = (select id from ids where k = 'client2') and kind = 'proof_of_address' and status = 'approved';
select pg_temp.pending_id_document('tz-review-lapsed.pdf', current_setting('t.utc_today')::date - 1);
select tests.act_as('compliance@crm.demo');
set local timezone = 'Pacific/Kiritimati';
select throws_ok($$select crm_api.review_kyc((select id from ids where k = 'client2'), true)$$,
    'P0001', null, 'UTC+14: an identity document that expired on the UTC yesterday is not approved (P0001)');
set local timezone = 'Pacific/Pago_Pago';
select throws_ok($$select crm_api.review_kyc((select id from ids where k = 'client2'), true)$$,
    'P0001', null, 'UTC-11: an identity document that expired on the UTC yesterday is not approved (P0001)');
reset timezone;
reset role;
delete from crm.kyc_documents where file_name = 'tz-review-lapsed.pdf';
update crm.kyc_documents set expires_on = current_setting('t.utc_today')::date - 1
where client_id = (select id from ids where k = 'client2') and kind = 'proof_of_address' and status = 'approved';
select pg_temp.pending_id_document('tz-review-valid.pdf', current_setting('t.utc_today')::date + 900);
select tests.act_as('compliance@crm.demo');
set local timezone = 'Pacific/Kiritimati';
select throws_ok($$select crm_api.review_kyc((select id from ids where k = 'client2'), true)$$,
    'P0001', null, 'UTC+14: a proof of address that expired on the UTC yesterday does not count (P0001)');
set local timezone = 'Pacific/Pago_Pago';
select throws_ok($$select crm_api.review_kyc((select id from ids where k = 'client2'), true)$$,
    'P0001', null, 'UTC-11: a proof of address that expired on the UTC yesterday does not count (P0001)');
reset timezone;
reset role;
delete from crm.kyc_documents where file_name = 'tz-review-valid.pdf';
update crm.kyc_documents set expires_on = current_setting('t.utc_today')::date
where client_id = (select id from ids where k = 'client2') and kind = 'proof_of_address' and status = 'approved';
select pg_temp.pending_id_document('tz-east-today.pdf', current_setting('t.utc_today')::date),
       pg_temp.pending_id_document('tz-east-lapsed.pdf', current_setting('t.utc_today')::date - 1);
select tests.act_as('compliance@crm.demo');
set local timezone = 'Pacific/Kiritimati';
select lives_ok($$select crm_api.review_kyc((select id from ids where k = 'client2'), true, 'UTC day')$$,
    'UTC+14: an identity document and a proof of address expiring on the UTC today are approved');
reset timezone;
reset role;
select results_eq(
    $$select file_name, status, review_reason from crm.kyc_documents where file_name in ('tz-east-today.pdf', 'tz-east-lapsed.pdf') order by file_name$$,
    $$values ('tz-east-lapsed.pdf'::text, 'rejected'::text, 'expired'::text), ('tz-east-today.pdf', 'approved', 'UTC day')$$,
    'UTC+14: the one expiring on the UTC today is approved with the reason, the one that expired the UTC yesterday rejected as expired');
select pg_temp.pending_id_document('tz-west-today.pdf', current_setting('t.utc_today')::date),
       pg_temp.pending_id_document('tz-west-lapsed.pdf', current_setting('t.utc_today')::date - 1);
select tests.act_as('compliance@crm.demo');
set local timezone = 'Pacific/Pago_Pago';
select lives_ok($$select crm_api.review_kyc((select id from ids where k = 'client2'), true, 'UTC day')$$,
    'UTC-11: an identity document and a proof of address expiring on the UTC today are approved');
reset timezone;
reset role;
select results_eq(
    $$select file_name, status, review_reason from crm.kyc_documents where file_name in ('tz-west-today.pdf', 'tz-west-lapsed.pdf') order by file_name$$,
    $$values ('tz-west-lapsed.pdf'::text, 'rejected'::text, 'expired'::text), ('tz-west-today.pdf', 'approved', 'UTC day')$$,
    'UTC-11: the one expiring on the UTC today is approved with the reason, the one that expired the UTC yesterday rejected as expired');

-- good standing: the approved identity document is valid through the UTC today
update crm.kyc_documents set expires_on = current_setting('t.utc_today')::date
where client_id = (select id from ids where k = 'client2') and kind = 'id_document' and status = 'approved';
set local timezone = 'Pacific/Kiritimati';
select lives_ok($$select crm_private.require_client_in_good_standing((select id from ids where k = 'client2'), 'trading')$$,
    'UTC+14: a client whose identity document expires on the UTC today is in good standing');
set local timezone = 'Pacific/Pago_Pago';
select lives_ok($$select crm_private.require_client_in_good_standing((select id from ids where k = 'client2'), 'trading')$$,
    'UTC-11: a client whose identity document expires on the UTC today is in good standing');
reset timezone;
update crm.kyc_documents set expires_on = current_setting('t.utc_today')::date - 1
where client_id = (select id from ids where k = 'client2') and kind = 'id_document' and status = 'approved';
set local timezone = 'Pacific/Kiritimati';
select throws_ok($$select crm_private.require_client_in_good_standing((select id from ids where k = 'client2'), 'trading')$$,
    'P0001', null, 'UTC+14: one whose identity document expired on the UTC yesterday is not (P0001)');
set local timezone = 'Pacific/Pago_Pago';
select throws_ok($$select crm_private.require_client_in_good_standing((select id from ids where k = 'client2'), 'trading')$$,
    'P0001', null, 'UTC-11: one whose identity document expired on the UTC yesterday is not (P0001)');
reset timezone;

-- two documents uploaded at once for one lead: each would read the status
-- lead and move it to kyc_pending, the second then refused (PT409), so
-- submit_kyc_document holds the client's row for update until it
-- commits, reading the status under it (the document's foreign key alone
-- takes a key share lock, which both uploads would hold together).
-- pgrowlocks shows the row locks this session's process holds, taken
-- outside a subtransaction, on a seeded client already under review (so
-- that no status move locks the row anyway).
reset role;
insert into ids
select 'queued', clients.id
from crm.clients as clients
join core.tenants as tenants on tenants.id = clients.tenant_id and tenants.name = 'Demo Brokerage'
where clients.status = 'kyc_pending'
  and tests.my_row_locks('crm.clients', clients.id) is null
order by clients.id
limit 1;
select isnt((select id from ids where k = 'queued'), null,
    'premise: a seeded client under KYC review whose row this transaction holds no lock on');
select tests.act_as('head@crm.demo');
select isa_ok(crm_api.submit_kyc_document((select id from ids where k = 'queued'), 'proof_of_address', 'kyc/queued/poa.pdf', null),
    'uuid', 'the brokerage''s manager uploads a proof of address for it');
reset role;
select ok(tests.my_row_locks('crm.clients', (select id from ids where k = 'queued')) && array['For Update'],
    'the upload holds the client''s row for update until it commits: a second upload at once waits and reads the status after the first');

-- review_kyc holds the client's row for update too, also for a re-KYC
-- review, which moves no status: of two reviews at once the second waits
-- and finds nothing pending (PT409) instead of telling the client a second,
-- contrary decision. A seeded funded client with a new pending document
-- (written by hand: the foreign key takes only a key share lock).
insert into ids
select 'rekyc', clients.id
from crm.clients as clients
join core.tenants as tenants on tenants.id = clients.tenant_id and tenants.name = 'Demo Brokerage'
where clients.status = 'funded'
  and tests.my_row_locks('crm.clients', clients.id) is null
order by clients.id
limit 1;
insert into crm.kyc_documents (tenant_id, client_id, kind, file_name, expires_on, uploaded_by)
select clients.tenant_id, clients.id, 'id_document', 'kyc/rekyc/passport.pdf', current_date + 3000,
       (select id from core.users where email = 'agent1@crm.demo')
from crm.clients as clients
where clients.id = (select id from ids where k = 'rekyc');
select ok(not coalesce(tests.my_row_locks('crm.clients', (select id from ids where k = 'rekyc')) && array['For Update', 'For No Key Update'], false),
    'premise: a seeded funded client with a pending document, whose row this transaction holds for no update');
select tests.act_as('compliance@crm.demo');
select crm_api.review_kyc((select id from ids where k = 'rekyc'), false, 'unreadable scan');
reset role;
select ok(tests.my_row_locks('crm.clients', (select id from ids where k = 'rekyc')) && array['For Update'],
    'the re-KYC review holds the client''s row for update until it commits: a second review at once waits and finds nothing pending');
select * from finish();
rollback;
