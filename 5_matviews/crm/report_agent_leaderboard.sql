-- Agents ranked by their clients' net deposits in EUR (each movement at its day's rate).
create materialized view crm_private.report_agent_leaderboard_mv as
with money as (
    select accounts.client_id,
           deposits.amount * crm_private.eur_rate(deposits.currency, (deposits.created_at at time zone 'UTC')::date) as eur
    from crm.deposits as deposits
    join crm.accounts as accounts on accounts.id = deposits.account_id
    union all
    select accounts.client_id,
           -withdrawals.amount * crm_private.eur_rate(withdrawals.currency, (withdrawals.decided_at at time zone 'UTC')::date)
    from crm.withdrawals as withdrawals
    join crm.accounts as accounts on accounts.id = withdrawals.account_id
    where withdrawals.status = 'approved'
),
per_client as (
    select money.client_id, pg_catalog.sum(money.eur) as net_eur
    from money
    group by money.client_id
)
select staff.tenant_id,
       staff.desk_id,
       staff.user_id as agent_id,
       users.full_name as agent,
       pg_catalog.count(clients.id) as clients,
       pg_catalog.count(per_client.client_id) as funded_clients,
       pg_catalog.round(coalesce(pg_catalog.sum(per_client.net_eur), 0), 2) as net_deposits_eur
from crm.staff as staff
join core.users as users on users.id = staff.user_id and users.role = 'crm_agent'
left join crm.clients as clients on clients.agent_id = staff.user_id
left join per_client on per_client.client_id = clients.id
group by staff.tenant_id, staff.desk_id, staff.user_id, users.full_name;
create unique index report_agent_leaderboard_mv_key on crm_private.report_agent_leaderboard_mv (agent_id);
comment on materialized view crm_private.report_agent_leaderboard_mv is 'Per agent: assigned clients, clients with a deposit, and their net deposits (deposits less approved withdrawals) in EUR at each day''s rate. Refreshed concurrently by crm_private.refresh_reports.';

create view crm_private.report_agent_leaderboard as
select report.tenant_id, report.desk_id, report.agent_id, report.agent, report.clients, report.funded_clients, report.net_deposits_eur
from crm_private.report_agent_leaderboard_mv as report
where report.tenant_id = (select core.current_tenant_id())
  and (select core.current_user_role()) = 'crm_manager'
  and ((select crm_private.current_desk_id()) is null
       or report.desk_id = (select crm_private.current_desk_id()));
alter view crm_private.report_agent_leaderboard owner to crm_reader;
comment on view crm_private.report_agent_leaderboard is 'The agent leaderboard of the caller''s brokerage, for managers only: a desk manager the agents of its desk, a manager without a desk every agent.';

create view crm_api.report_agent_leaderboard
with (security_invoker = true)
as
select report.agent_id, report.agent, report.clients, report.funded_clients, report.net_deposits_eur
from crm_private.report_agent_leaderboard as report;
comment on view crm_api.report_agent_leaderboard is 'Agents with their clients, funded clients and net deposits in EUR (managers: their desk''s agents, or all without a desk; everyone else sees nothing). As of the last refresh; order by net_deposits_eur desc.';
