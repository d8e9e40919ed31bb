-- Clients waiting for a KYC decision (a first KYC or a re-KYC), with age
-- buckets.
create materialized view crm_private.report_kyc_queue_mv as
select clients.tenant_id,
       clients.desk_id,
       clients.id as client_id,
       coalesce(
           (select pg_catalog.min(kyc_documents.uploaded_at)
            from crm.kyc_documents as kyc_documents
            where kyc_documents.client_id = clients.id
              and kyc_documents.status = 'pending'),
           clients.status_changed_at) as waiting_since
from crm.clients as clients
-- a first KYC (kyc_pending) or a re-KYC: a client whose identity document
-- expires or expired keeps its status while the new one waits
where clients.status = 'kyc_pending'
   or exists (select from crm.kyc_documents as kyc_documents
              where kyc_documents.client_id = clients.id
                and kyc_documents.status = 'pending');
create unique index report_kyc_queue_mv_key on crm_private.report_kyc_queue_mv (client_id);
comment on materialized view crm_private.report_kyc_queue_mv is 'Clients waiting for a KYC decision: in kyc_pending, or of any status with a pending document (a re-KYC: the client keeps its status while the new identity document waits, unable to trade or withdraw once the old one expired); and since when they wait (their oldest pending document). Refreshed concurrently by crm_private.refresh_reports.';

create view crm_private.report_kyc_queue as
select report.tenant_id,
       report.desk_id,
       report.client_id,
       report.waiting_since,
       ages.age_days,
       case when ages.age_days <= 1 then '0-1 days'
            when ages.age_days <= 3 then '2-3 days'
            when ages.age_days <= 7 then '4-7 days'
            else 'over 7 days' end as bucket
from crm_private.report_kyc_queue_mv as report
-- whole UTC days on both sides (the CRM's day, as crm_private.today() has it,
-- written inline so that no reader needs to execute a private function;
-- current_date would follow the session's time zone)
cross join lateral (select ((now() at time zone 'UTC')::date - (report.waiting_since at time zone 'UTC')::date) as age_days) as ages
where report.tenant_id = (select core.current_tenant_id())
  and (select core.current_user_role()) = 'crm_manager'
  and ((select crm_private.current_desk_id()) is null
       or report.desk_id is null
       or report.desk_id = (select crm_private.current_desk_id()));
alter view crm_private.report_kyc_queue owner to crm_reader;
comment on view crm_private.report_kyc_queue is 'The KYC queue of the caller''s brokerage, for managers only (a desk manager its desk''s and unassigned clients, a manager without a desk all); age in whole UTC days is computed at read time, so it stays right between refreshes and does not depend on the session''s time zone.';

create view crm_api.report_kyc_queue
with (security_invoker = true)
as
select report.client_id, report.waiting_since, report.age_days, report.bucket
from crm_private.report_kyc_queue as report;
comment on view crm_api.report_kyc_queue is 'KYC queue ageing: clients waiting for a decision, days waiting and bucket (0-1, 2-3, 4-7, over 7 days) (managers: their desk and unassigned clients, or the brokerage without a desk; everyone else sees nothing).';
