-- Registration to first deposit, by month of registration and desk.
create materialized view crm_private.report_funnel_mv as
select clients.tenant_id,
       pg_catalog.date_trunc('month', clients.created_at at time zone 'UTC')::date as month,
       clients.desk_id,
       pg_catalog.count(*) as registered,
       pg_catalog.count(*) filter (where exists (
           select
           from crm.deposits as deposits
           join crm.accounts as accounts on accounts.id = deposits.account_id
           where accounts.client_id = clients.id)) as first_deposit
from crm.clients as clients
group by clients.tenant_id, pg_catalog.date_trunc('month', clients.created_at at time zone 'UTC')::date, clients.desk_id;
create unique index report_funnel_mv_key on crm_private.report_funnel_mv (tenant_id, month, desk_id) nulls not distinct;
comment on materialized view crm_private.report_funnel_mv is 'Clients registered per month (UTC) and desk, and how many of them have made a first deposit. Refreshed concurrently by crm_private.refresh_reports.';

create view crm_private.report_funnel as
select report.tenant_id,
       report.month,
       pg_catalog.sum(report.registered)::bigint as registered,
       pg_catalog.sum(report.first_deposit)::bigint as first_deposit,
       pg_catalog.round(pg_catalog.sum(report.first_deposit) / nullif(pg_catalog.sum(report.registered), 0), 4) as conversion
from crm_private.report_funnel_mv as report
where report.tenant_id = (select core.current_tenant_id())
  and (select core.current_user_role()) = 'crm_manager'
  and ((select crm_private.current_desk_id()) is null
       or report.desk_id is null
       or report.desk_id = (select crm_private.current_desk_id()))
group by report.tenant_id, report.month;
alter view crm_private.report_funnel owner to crm_reader;
comment on view crm_private.report_funnel is 'The funnel of the caller''s brokerage, for managers only: a desk manager its desk''s (and unassigned) clients, a manager without a desk all of them; conversion is first_deposit / registered.';

create view crm_api.report_funnel
with (security_invoker = true)
as
select report.month, report.registered, report.first_deposit, report.conversion
from crm_private.report_funnel as report;
comment on view crm_api.report_funnel is 'Registration to first-deposit funnel by month (managers: their desk, or the brokerage without one; everyone else sees nothing). As of the last refresh.';
