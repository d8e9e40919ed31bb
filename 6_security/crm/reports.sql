-- Reports: the materialized views are read only through the private views
-- (owned by crm_reader), which filter by tenant and role.
grant select on crm_private.report_net_deposits_mv, crm_private.report_funnel_mv,
    crm_private.report_agent_leaderboard_mv, crm_private.report_kyc_queue_mv
to crm_reader;

grant select on crm_private.report_net_deposits, crm_api.report_net_deposits,
    crm_private.report_funnel, crm_api.report_funnel,
    crm_private.report_agent_leaderboard, crm_api.report_agent_leaderboard,
    crm_private.report_kyc_queue, crm_api.report_kyc_queue
to crm_agent, crm_manager, crm_compliance, crm_finance, crm_client, crm_ib;

