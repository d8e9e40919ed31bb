-- KYC expires: when the approved identity document has expired, the client
-- may not open an account, trade or withdraw until a new one is approved
-- (re-KYC, keeping its status); a month before, a job tells the client.
begin;
select plan(31);
-- the price feed posts the seed's marks again: a fill needs a recent mark
select tests.crm_fresh_marks();

select set_config('t.client1', (select clients.id::text from crm.clients as clients where clients.email = 'client1@crm.demo'), true);
select set_config('t.account', (select accounts.id::text from crm.accounts as accounts
                                 where accounts.client_id = current_setting('t.client1')::uuid), true);
select set_config('t.old_id', (select id::text from crm.kyc_documents
                               where client_id = current_setting('t.client1')::uuid and kind = 'id_document' and status = 'approved'), true);
-- client1's account is locked first, as the other suites lock it: a second
-- update of client1's document below locks client1's row (the foreign key's
-- check), which the others' first position locks after the account
select from crm.accounts where id = current_setting('t.account')::uuid for update;

-- a month before: the reminder
update crm.kyc_documents set expires_on = current_date + 20 where id = current_setting('t.old_id')::uuid;
select ok(crm_private.enqueue_kyc_expiry_reminders() >= 1, 'the daily sweep finds the identity document expiring in 20 days');
select results_eq(
    $$select payload ->> 'to', payload ->> 'client_id', payload ->> 'expires_on', payload ->> 'app', payload ->> 'template'
      from core.jobs where kind = 'mailer.kyc_expiring' and payload ->> 'document_id' = current_setting('t.old_id')$$,
    $$values ('client1@crm.demo', current_setting('t.client1'), (current_date + 20)::text, 'crm', 'kyc_expiring')$$,
    'mailer.kyc_expiring goes to client1 with the document and its expiry');
select crm_private.enqueue_kyc_expiry_reminders();
select is((select count(*) from core.jobs where kind = 'mailer.kyc_expiring' and payload ->> 'document_id' = current_setting('t.old_id')),
          1::bigint, 'a second sweep queues no second reminder');
update crm.kyc_documents set expires_on = current_date + 60 where id = current_setting('t.old_id')::uuid;
select is((select count(*) from core.jobs where kind = 'mailer.kyc_expiring'
                                          and payload ->> 'client_id' = current_setting('t.client1')
                                          and payload ->> 'expires_on' = (current_date + 60)::text), 0::bigint,
          'positive check: nothing is queued for a document with two months left (before the sweep)');
select crm_private.enqueue_kyc_expiry_reminders();
select is((select count(*) from core.jobs where kind = 'mailer.kyc_expiring'
                                          and payload ->> 'client_id' = current_setting('t.client1')
                                          and payload ->> 'expires_on' = (current_date + 60)::text), 0::bigint,
          'and the sweep queues nothing for it either');

-- the edges of the notice period: a document expiring today, and one
-- expiring on the period's last day (30 days), are both reminded
select set_config('t.edge_docs', (
    select pg_catalog.string_agg(picked.id::text, ',' order by picked.n)
    from (select kyc_documents.id, pg_catalog.row_number() over (order by kyc_documents.client_id) as n
          from crm.kyc_documents as kyc_documents
          join crm.clients as clients on clients.id = kyc_documents.client_id
          where kyc_documents.kind = 'id_document' and kyc_documents.status = 'approved'
            and clients.status in ('approved', 'funded', 'active', 'dormant')
            and clients.id <> current_setting('t.client1')::uuid
            and kyc_documents.expires_on > current_date + 365
            and not exists (select from crm.kyc_documents as later
                            where later.client_id = kyc_documents.client_id and later.kind = 'id_document'
                              and later.status = 'approved' and later.expires_on > kyc_documents.expires_on)
            and not exists (select from core.jobs where jobs.dedupe_key = 'kyc_expiring:' || kyc_documents.id)
          order by kyc_documents.client_id
          limit 2) as picked), true);
update crm.kyc_documents set expires_on = current_date where id = split_part(current_setting('t.edge_docs'), ',', 1)::uuid;
update crm.kyc_documents set expires_on = current_date + 30 where id = split_part(current_setting('t.edge_docs'), ',', 2)::uuid;
select crm_private.enqueue_kyc_expiry_reminders();
select is((select count(*) from core.jobs where kind = 'mailer.kyc_expiring'
                                          and payload ->> 'document_id' = split_part(current_setting('t.edge_docs'), ',', 1)),
          1::bigint, 'a document expiring today is reminded');
select is((select count(*) from core.jobs where kind = 'mailer.kyc_expiring'
                                          and payload ->> 'document_id' = split_part(current_setting('t.edge_docs'), ',', 2)),
          1::bigint, 'a document expiring on the notice period''s last day (in 30 days) is reminded');

-- the notice period counts UTC days whatever the session's time zone (the
-- schedule runs in the server's): each sweep runs east and west of the date
-- line (UTC+14, UTC-11; at every instant one of the two is on another date
-- than UTC), each time after the two documents' reminders were deleted
select set_config('t.utc_today', ((now() at time zone 'UTC')::date)::text, true);
create function pg_temp.sweep_edge_docs(zone text)
returns bigint
language plpgsql
as $$
declare
    session_zone text := current_setting('timezone');
begin
    delete from core.jobs where kind = 'mailer.kyc_expiring'
                            and payload ->> 'document_id' = any (string_to_array(current_setting('t.edge_docs'), ','));
    perform set_config('timezone', sweep_edge_docs.zone, true);
    perform crm_private.enqueue_kyc_expiry_reminders();
    perform set_config('timezone', session_zone, true);
    return (select count(*) from core.jobs where kind = 'mailer.kyc_expiring'
                                             and payload ->> 'document_id' = any (string_to_array(current_setting('t.edge_docs'), ',')));
end
$$;
update crm.kyc_documents set expires_on = current_setting('t.utc_today')::date - 1 where id = split_part(current_setting('t.edge_docs'), ',', 1)::uuid;
update crm.kyc_documents set expires_on = current_setting('t.utc_today')::date + 31 where id = split_part(current_setting('t.edge_docs'), ',', 2)::uuid;
select is(pg_temp.sweep_edge_docs('Pacific/Kiritimati'), 0::bigint,
          'UTC+14: documents that expired the UTC yesterday or expire in 31 UTC days are not reminded');
select is(pg_temp.sweep_edge_docs('Pacific/Pago_Pago'), 0::bigint,
          'UTC-11: documents that expired the UTC yesterday or expire in 31 UTC days are not reminded');
update crm.kyc_documents set expires_on = current_setting('t.utc_today')::date where id = split_part(current_setting('t.edge_docs'), ',', 1)::uuid;
update crm.kyc_documents set expires_on = current_setting('t.utc_today')::date + 30 where id = split_part(current_setting('t.edge_docs'), ',', 2)::uuid;
select is(pg_temp.sweep_edge_docs('Pacific/Kiritimati'), 2::bigint,
          'UTC+14: documents expiring the UTC today and in 30 UTC days are both reminded');
select is(pg_temp.sweep_edge_docs('Pacific/Pago_Pago'), 2::bigint,
          'UTC-11: documents expiring the UTC today and in 30 UTC days are both reminded');

-- expired: no trading, no withdrawal, no new account
update crm.kyc_documents set expires_on = current_date - 1 where id = current_setting('t.old_id')::uuid;
select tests.act_as('client1@crm.demo');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 0.1, 1.08)$$,
                 'P0001', null, 'with an expired identity document the client may not open a position (P0001)');
select throws_ok($$select crm_api.request_withdrawal(current_setting('t.account')::uuid, 10)$$,
                 'P0001', null, 'nor withdraw (P0001)');
select throws_ok($$select crm_api.open_account(current_setting('t.client1')::uuid, 'USD', 30)$$,
                 'P0001', null, 'nor open another account (P0001)');
reset role;
select tests.act_as('manager@crm.demo');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 0.1, 1.08)$$,
                 'P0001', null, 'nor may the desk''s manager trade for it (P0001)');
reset role;
select tests.act_as('finance@crm.demo');
select lives_ok($$select crm_api.record_deposit(current_setting('t.account')::uuid, 100, 'wire', 'REKYC-DEPOSIT-1')$$,
                'deposits are still accepted');
reset role;
select is((select status from crm.clients where id = current_setting('t.client1')::uuid), 'funded',
          'the client keeps its status meanwhile');

-- re-KYC: a new identity document, reviewed by compliance
select tests.act_as('client1@crm.demo');
select set_config('t.new_id', crm_api.submit_kyc_document(current_setting('t.client1')::uuid, 'id_document', 'kyc/client1/passport-2036.pdf', current_date + 3650)::text, true);
select is((select status from crm_api.kyc_documents where id = current_setting('t.new_id')::uuid), 'pending',
          'an approved client whose identity document expired may submit a new one');
select throws_ok($$select crm_api.submit_kyc_document(current_setting('t.client1')::uuid, 'proof_of_address', 'kyc/client1/bill-2.pdf', null)$$,
                 'PT409', null, 'but not a proof of address while the approved one is still valid (PT409)');
select throws_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 0.1, 1.08)$$,
                 'P0001', null, 'a pending document is not an approved one: still no trading (P0001)');
reset role;
select tests.act_as('compliance@crm.demo');
select lives_ok($$select crm_api.review_kyc(current_setting('t.client1')::uuid, true, 'new passport verified')$$,
                'compliance approves the new identity document');
select throws_ok($$select crm_api.review_kyc(current_setting('t.client1')::uuid, true)$$,
                 'PT409', null, 'with nothing pending, reviewing the approved client again is PT409');
reset role;
select results_eq(
    $$select (select status from crm.kyc_documents where id = current_setting('t.new_id')::uuid),
             (select status from crm.clients where id = current_setting('t.client1')::uuid),
             (select count(*) from crm.client_events where client_id = current_setting('t.client1')::uuid and to_status = 'approved')$$,
    $$values ('approved'::text, 'funded'::text, 1::bigint)$$,
    'the new document is approved, the client stays funded and no second approval event is logged');
select is((select count(*) from core.jobs where kind = 'mailer.kyc_decision' and payload ->> 'client_id' = current_setting('t.client1')
                                          and (payload ->> 'approved')::boolean and payload ->> 'reason' = 'new passport verified'),
          1::bigint, 'the client is told of the decision');
select tests.act_as('client1@crm.demo');
select lives_ok($$select crm_api.open_position(current_setting('t.account')::uuid, 'EURUSD', 'buy', 0.1, 1.08)$$,
                'with the new document approved the client trades again');
select lives_ok($$select crm_api.request_withdrawal(current_setting('t.account')::uuid, 10)$$,
                'and withdraws again');

-- a re-KYC rejection leaves the client blocked
reset role;
update crm.kyc_documents set expires_on = current_date - 1 where client_id = current_setting('t.client1')::uuid and kind = 'id_document';
select tests.act_as('client1@crm.demo');
select crm_api.submit_kyc_document(current_setting('t.client1')::uuid, 'id_document', 'kyc/client1/blurred.pdf', current_date + 3000);
reset role;
select tests.act_as('compliance@crm.demo');
select crm_api.review_kyc(current_setting('t.client1')::uuid, false, 'blurred scan');
reset role;
select is((select status from crm.clients where id = current_setting('t.client1')::uuid), 'active',
          'a rejected re-KYC does not move the client (active since its trade) back to registered');
select tests.act_as('client1@crm.demo');
select throws_ok($$select crm_api.request_withdrawal(current_setting('t.account')::uuid, 10)$$,
                 'P0001', null, 'but it stays blocked (P0001)');

-- a proof of address renewed alone: approved when the approved identity
-- document is still valid, refused while it has expired
reset role;
update crm.kyc_documents set expires_on = current_date + 10
where client_id = current_setting('t.client1')::uuid and kind = 'proof_of_address' and status = 'approved';
select tests.act_as('client1@crm.demo');
select set_config('t.new_poa', crm_api.submit_kyc_document(current_setting('t.client1')::uuid, 'proof_of_address', 'kyc/client1/bill-2027.pdf', current_date + 400)::text, true);
reset role;
select tests.act_as('compliance@crm.demo');
select throws_ok($$select crm_api.review_kyc(current_setting('t.client1')::uuid, true, 'new utility bill')$$,
                 'P0001', null, 'a proof of address alone is not approved while the identity document has expired (P0001)');
reset role;
-- valid to the end of its day: it expires on the (UTC) today
update crm.kyc_documents set expires_on = (now() at time zone 'UTC')::date
where client_id = current_setting('t.client1')::uuid and kind = 'id_document' and status = 'approved';
select tests.act_as('compliance@crm.demo');
select lives_ok($$select crm_api.review_kyc(current_setting('t.client1')::uuid, true, 'new utility bill')$$,
                'a proof of address renewed alone is approved beside the approved identity document still valid (to the end of today)');
reset role;
select is((select status from crm.kyc_documents where id = current_setting('t.new_poa')::uuid), 'approved',
          'and the new proof of address is approved');

select * from finish();
rollback;
