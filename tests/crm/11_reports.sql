-- Reports: materialized, refreshed concurrently, read by managers only and
-- only for their brokerage.
begin;
select plan(23);

select lives_ok($$select crm_private.refresh_reports()$$, 'the reports refresh concurrently');
select ok((select count(*) from pg_catalog.pg_indexes where schemaname = 'crm_private' and indexname like 'report\_%\_mv\_key') = 4,
    'each report materialized view has its unique index');

select tests.act_as('manager@crm.demo');
select ok((select count(*) from crm_api.report_net_deposits) > 0, 'the manager sees net deposits by day and desk');
select is((select count(*) from crm_api.report_net_deposits where net <> deposits - withdrawals), 0::bigint, 'net is deposits less withdrawals');
select is((select sum(registered)::bigint from crm_api.report_funnel),
    (select count(*) from crm_api.clients), 'the funnel counts every client of the brokerage once');
select ok((select bool_and(conversion between 0 and 1) from crm_api.report_funnel), 'conversion is a share');
select is((select count(*) from crm_api.report_agent_leaderboard), 2::bigint, 'the leaderboard lists both agents');
select ok((select net_deposits_eur from crm_api.report_agent_leaderboard
           where agent_id = (select agent_id from crm_api.clients where email = 'client1@crm.demo')) >= 10000,
    'client1''s 10,000 EUR count for agent1');
select is((select count(*) from crm_api.report_kyc_queue),
    (select count(*) from crm_api.clients as clients
     where clients.status = 'kyc_pending'
        or exists (select from crm_api.kyc_documents as documents where documents.client_id = clients.id and documents.status = 'pending')),
    'the KYC queue holds every kyc_pending client and every client with a pending document');
select ok((select bool_and(bucket in ('0-1 days', '2-3 days', '4-7 days', 'over 7 days')) from crm_api.report_kyc_queue), 'every waiting client is in an age bucket');

-- a re-KYC: client1 (funded) uploads a new identity document; she waits
-- for compliance as a new client does, though her status stays funded
-- (her approved one expires in 10 days: a new one is accepted)
reset role;
update crm.kyc_documents set expires_on = current_date + 10
where client_id = (select id from crm.clients where email = 'client1@crm.demo') and kind = 'id_document' and status = 'approved';
select tests.act_as('client1@crm.demo');
select crm_api.submit_kyc_document((select id from crm_api.clients where email = 'client1@crm.demo'), 'id_document', 'kyc/client1/passport-new.pdf', current_date + 3650);
-- and a new lead of the manager's, which the funnel counts after the refresh
select tests.act_as('manager@crm.demo');
select crm_api.register_lead('report.new@example.org', 'Rene Port', 'FR');
reset role;
-- the two reports read below refreshed, as refresh_reports (shown above to
-- refresh them all) refreshes each: the others' refreshes are this file's
-- largest cost and read nothing new
refresh materialized view concurrently crm_private.report_kyc_queue_mv;
refresh materialized view concurrently crm_private.report_funnel_mv;
select tests.act_as('manager@crm.demo');
select is((select count(*) from crm_api.report_kyc_queue as report
           join crm_api.clients as clients on clients.id = report.client_id
           where clients.email = 'client1@crm.demo' and clients.status = 'funded'), 1::bigint,
    'a funded client whose new identity document waits is in the KYC queue (a re-KYC)');

-- the refresh picked up the new lead
select is((select sum(registered)::bigint from crm_api.report_funnel),
    (select count(*) from crm_api.clients), 'after a refresh the new lead is counted');

-- the KYC queue's age buckets at their edges: exactly 1 day is still 0-1,
-- exactly 3 days still 2-3, exactly 7 days still 4-7; each next day falls in
-- the next bucket. Six waiting clients of the manager's desk (or unassigned),
-- their pending documents uploaded at noon UTC of the day so many days ago
reset role;
create temp table waiting (client_id uuid primary key, days integer not null);
grant select on waiting to public;
insert into waiting
select picked.id, (array[1, 2, 3, 4, 7, 8])[picked.n]
from (select clients.id, pg_catalog.row_number() over (order by clients.id) as n
      from crm.clients as clients
      join crm.staff as staff on staff.tenant_id = clients.tenant_id
      join core.users as users on users.id = staff.user_id
      where users.email = 'manager@crm.demo'
        and (clients.desk_id is null or staff.desk_id is null or clients.desk_id = staff.desk_id)
        and clients.status = 'kyc_pending'
        and exists (select from crm.kyc_documents as kyc_documents
                    where kyc_documents.client_id = clients.id and kyc_documents.status = 'pending')
      order by clients.id
      limit 6) as picked;
update crm.kyc_documents as kyc_documents
set uploaded_at = ((current_date - waiting.days) + time '12:00') at time zone 'UTC'
from waiting
where kyc_documents.client_id = waiting.client_id
  and kyc_documents.status = 'pending';
refresh materialized view concurrently crm_private.report_kyc_queue_mv;
select tests.act_as('manager@crm.demo');
select results_eq(
    $$select report.age_days, report.bucket from crm_api.report_kyc_queue as report
      join waiting on waiting.client_id = report.client_id where waiting.days in (1, 2) order by waiting.days$$,
    $$values (1, '0-1 days'), (2, '2-3 days')$$,
    'a client waiting exactly 1 day is in 0-1 days, one waiting 2 days in 2-3 days');
select results_eq(
    $$select report.age_days, report.bucket from crm_api.report_kyc_queue as report
      join waiting on waiting.client_id = report.client_id where waiting.days in (3, 4) order by waiting.days$$,
    $$values (3, '2-3 days'), (4, '4-7 days')$$,
    'a client waiting exactly 3 days is in 2-3 days, one waiting 4 days in 4-7 days');
select results_eq(
    $$select report.age_days, report.bucket from crm_api.report_kyc_queue as report
      join waiting on waiting.client_id = report.client_id where waiting.days in (7, 8) order by waiting.days$$,
    $$values (7, '4-7 days'), (8, 'over 7 days')$$,
    'a client waiting exactly 7 days is in 4-7 days, one waiting 8 days over 7 days');
-- ages are whole UTC days whatever the session's time zone (a client of the
-- API may set its own): the two sides of the date line, 25 hours apart, never
-- share a date, yet they read the same ages
set local timezone = 'Pacific/Kiritimati';
select set_config('t.ages_east', (select pg_catalog.string_agg(report.age_days::text, ',' order by waiting.days)
                                  from crm_api.report_kyc_queue as report join waiting on waiting.client_id = report.client_id), true);
set local timezone = 'Pacific/Pago_Pago';
select is((select pg_catalog.string_agg(report.age_days::text, ',' order by waiting.days)
           from crm_api.report_kyc_queue as report join waiting on waiting.client_id = report.client_id),
          current_setting('t.ages_east'),
          'the same ages east and west of the date line (UTC+14 and UTC-11)');
select is(current_setting('t.ages_east'), '1,2,3,4,7,8', 'and they are the UTC ages');
reset timezone;

-- nobody else sees the reports: every other logged-in role reads all four, empty
select tests.act_as('agent1@crm.demo');
select is((select count(*) from crm_api.report_net_deposits) + (select count(*) from crm_api.report_funnel)
          + (select count(*) from crm_api.report_agent_leaderboard) + (select count(*) from crm_api.report_kyc_queue), 0::bigint, 'an agent sees no report');
select tests.act_as('compliance@crm.demo');
select is((select count(*) from crm_api.report_net_deposits) + (select count(*) from crm_api.report_funnel)
          + (select count(*) from crm_api.report_agent_leaderboard) + (select count(*) from crm_api.report_kyc_queue), 0::bigint, 'compliance sees no report');
select tests.act_as('finance@crm.demo');
select is((select count(*) from crm_api.report_net_deposits) + (select count(*) from crm_api.report_funnel)
          + (select count(*) from crm_api.report_agent_leaderboard) + (select count(*) from crm_api.report_kyc_queue), 0::bigint, 'finance sees no report');
select tests.act_as('client1@crm.demo');
select is((select count(*) from crm_api.report_net_deposits) + (select count(*) from crm_api.report_funnel)
          + (select count(*) from crm_api.report_agent_leaderboard) + (select count(*) from crm_api.report_kyc_queue), 0::bigint, 'a client sees no report');
select tests.act_as('ib1@crm.demo');
select is((select count(*) from crm_api.report_net_deposits) + (select count(*) from crm_api.report_funnel)
          + (select count(*) from crm_api.report_agent_leaderboard) + (select count(*) from crm_api.report_kyc_queue), 0::bigint, 'an IB sees no report');
select tests.act_as('manager@other-crm.demo');
select is((select sum(registered)::bigint from crm_api.report_funnel), 1::bigint, 'the other brokerage''s manager sees only its own brokerage');

select * from finish();
rollback;
