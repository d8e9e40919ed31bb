-- Core: who may reach what. API roles reach core only through functions;
-- the <app>_reader roles (owners of each application's private read views)
-- read tenants and users of the acting user's tenant, never password hashes.

alter table core.tenants enable row level security;
alter table core.tenants force row level security;
alter table core.users enable row level security;
alter table core.users force row level security;
alter table core.audit_log enable row level security;
alter table core.audit_log force row level security;
alter table core.jobs enable row level security;
alter table core.jobs force row level security;
alter table core.documents enable row level security;
alter table core.documents force row level security;

grant select on core.tenants to crm_reader, med_reader, hr_reader;
grant select (id, tenant_id, app, email, full_name, role, is_active, created_at) on core.users to crm_reader, med_reader, hr_reader;

create policy tenants_select_reader on core.tenants
for select
to crm_reader, med_reader, hr_reader
using (id = (select core.current_tenant_id()));

create policy users_select_reader on core.users
for select
to crm_reader, med_reader, hr_reader
using (tenant_id = (select core.current_tenant_id()));

-- nobody reads the audit log or the job table directly; the policies below
-- exist so that a future grant still sees only its own tenant
create policy audit_log_select_reader on core.audit_log
for select
to crm_reader, med_reader, hr_reader
using (tenant_id = (select core.current_tenant_id()));

create policy jobs_select_reader on core.jobs
for select
to crm_reader, med_reader, hr_reader
using (tenant_id = (select core.current_tenant_id()));

-- documents: each application's private views pick its own (app = '<app>')
-- and filter by the subject row the caller may see; this policy keeps every
-- reader inside the acting user's tenant
grant select on core.documents to crm_reader, med_reader, hr_reader;

create policy documents_select_reader on core.documents
for select
to crm_reader, med_reader, hr_reader
using (tenant_id = (select core.current_tenant_id()));

-- the claims helpers: every API role, the readers (policies call them) and the worker
grant usage on schema core to anon, worker,
    crm_agent, crm_manager, crm_compliance, crm_finance, crm_client, crm_ib, crm_feed,
    med_nurse, med_aide, med_teacher, med_guardian, med_supervisor,
    hr_employee, hr_manager, hr_admin, hr_payroll;

grant execute on function core.jwt_claims(), core.current_user_id(), core.current_tenant_id(), core.current_user_role()
to anon, crm_reader, med_reader, hr_reader,
    crm_agent, crm_manager, crm_compliance, crm_finance, crm_client, crm_ib, crm_feed,
    med_nurse, med_aide, med_teacher, med_guardian, med_supervisor,
    hr_employee, hr_manager, hr_admin, hr_payroll;

-- login and me are wrapped by each <app>_api; the wrappers are invoker
grant execute on function core.login(text, text, text), core.me()
to anon,
    crm_agent, crm_manager, crm_compliance, crm_finance, crm_client, crm_ib, crm_feed,
    med_nurse, med_aide, med_teacher, med_guardian, med_supervisor,
    hr_employee, hr_manager, hr_admin, hr_payroll;

-- the job queue: only the worker role, only through these functions
grant execute on function core.claim_jobs(text, text, int, interval),
    core.complete_job(bigint, text, int),
    core.fail_job(bigint, text, int, text)
to worker;

-- the workers' heartbeat, release, permanent failure and document store
grant execute on function core.extend_job_lease(bigint, text, int, interval),
    core.release_job(bigint, text, int),
    core.fail_job_permanently(bigint, text, int, text),
    core.complete_jobs(bigint[], text, int[]),
    core.store_document(bigint, text, int, text, bytea)
to worker;

-- reviving a dead job: the owner only, in psql (docs/jobs.md)
revoke execute on function core.revive_job(bigint) from public;

-- enqueueing: no role is granted it; business functions, which run as the
-- build's owner, call core.enqueue and core.enqueue_many
revoke execute on function core.enqueue(text, jsonb, timestamptz, text, uuid),
    core.enqueue_many(text, jsonb[], timestamptz, text[], uuid),
    core.check_job_kind(text),
    core.check_claim(int),
    core.check_text(text, text, int)
from public;
