-- Net deposits by day, desk and currency: the materialized view (code
-- schema, no RLS), the unique index concurrent refresh needs, the private
-- read view that filters by tenant and role, and the exposed view.
create materialized view crm_private.report_net_deposits_mv as
with movements as (
    select deposits.tenant_id,
           (deposits.created_at at time zone 'UTC')::date as day,
           clients.desk_id,
           deposits.currency,
           deposits.amount as deposit,
           0::numeric as withdrawal
    from crm.deposits as deposits
    join crm.accounts as accounts on accounts.id = deposits.account_id
    join crm.clients as clients on clients.id = accounts.client_id
    union all
    select withdrawals.tenant_id,
           (withdrawals.decided_at at time zone 'UTC')::date,
           clients.desk_id,
           withdrawals.currency,
           0,
           withdrawals.amount
    from crm.withdrawals as withdrawals
    join crm.accounts as accounts on accounts.id = withdrawals.account_id
    join crm.clients as clients on clients.id = accounts.client_id
    where withdrawals.status = 'approved'
)
select movements.tenant_id,
       movements.day,
       movements.desk_id,
       coalesce(desks.name, 'unassigned') as desk,
       movements.currency,
       pg_catalog.sum(movements.deposit) as deposits,
       pg_catalog.sum(movements.withdrawal) as withdrawals,
       pg_catalog.sum(movements.deposit) - pg_catalog.sum(movements.withdrawal) as net
from movements
left join crm.desks as desks on desks.id = movements.desk_id
group by movements.tenant_id, movements.day, movements.desk_id, desks.name, movements.currency;
create unique index report_net_deposits_mv_key on crm_private.report_net_deposits_mv (tenant_id, day, desk_id, currency) nulls not distinct;
comment on materialized view crm_private.report_net_deposits_mv is 'Deposits, approved withdrawals and net by tenant, day (UTC), the client''s desk and currency. Refreshed concurrently by crm_private.refresh_reports.';

create view crm_private.report_net_deposits as
select report.tenant_id, report.day, report.desk_id, report.desk, report.currency, report.deposits, report.withdrawals, report.net
from crm_private.report_net_deposits_mv as report
where report.tenant_id = (select core.current_tenant_id())
  and (select core.current_user_role()) = 'crm_manager'
  and ((select crm_private.current_desk_id()) is null
       or report.desk_id is null
       or report.desk_id = (select crm_private.current_desk_id()));
alter view crm_private.report_net_deposits owner to crm_reader;
comment on view crm_private.report_net_deposits is 'The net deposits report of the caller''s brokerage, for managers only: a desk manager its desk''s rows (and unassigned clients''), a manager without a desk the whole brokerage (a materialized view has no row level security, so this WHERE is the filter).';

create view crm_api.report_net_deposits
with (security_invoker = true)
as
select report.day, report.desk_id, report.desk, report.currency, report.deposits, report.withdrawals, report.net
from crm_private.report_net_deposits as report;
comment on view crm_api.report_net_deposits is 'Net deposits by day, desk and currency (managers: their desk and unassigned clients, or the brokerage without a desk; everyone else sees nothing). As of the last refresh.';
