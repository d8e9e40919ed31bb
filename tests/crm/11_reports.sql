-- Reports: materialized, refreshed concurrently, read by managers only and
-- only for their brokerage.
begin;
select plan(17);

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
    (select count(*) from crm_api.clients where status = 'kyc_pending'), 'the KYC queue holds every kyc_pending client');
select ok((select bool_and(bucket in ('0-1 days', '2-3 days', '4-7 days', 'over 7 days')) from crm_api.report_kyc_queue), 'every waiting client is in an age bucket');

-- a refresh picks up new data
select crm_api.register_lead('report.new@example.org', 'Rene Port', 'FR');
reset role;
select crm_private.refresh_reports();
select tests.act_as('manager@crm.demo');
select is((select sum(registered)::bigint from crm_api.report_funnel),
    (select count(*) from crm_api.clients), 'after a refresh the new lead is counted');

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
