-- Desks, staff, IBs and lead routing: staff read their brokerage's, an IB its subtree.
alter table crm.desks enable row level security;
alter table crm.desks force row level security;
alter table crm.staff enable row level security;
alter table crm.staff force row level security;
alter table crm.ibs enable row level security;
alter table crm.ibs force row level security;
alter table crm.country_rules enable row level security;
alter table crm.country_rules force row level security;
alter table crm.ib_rate_overrides enable row level security;
alter table crm.ib_rate_overrides force row level security;
grant select on crm.desks, crm.staff, crm.ibs, crm.country_rules, crm.ib_rate_overrides to crm_reader;

create policy desks_select_staff on crm.desks
for select to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('crm_agent', 'crm_manager', 'crm_compliance', 'crm_finance'));

create policy staff_select_staff on crm.staff
for select to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('crm_agent', 'crm_manager', 'crm_compliance', 'crm_finance'));

create policy ibs_select_staff on crm.ibs
for select to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) in ('crm_agent', 'crm_manager', 'crm_compliance', 'crm_finance'));

create policy ibs_select_ib on crm.ibs
for select to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'crm_ib'
       and id = any ((select crm_private.current_ib_ids())::uuid[]));

create policy country_rules_select_manager on crm.country_rules
for select to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'crm_manager');

create policy ib_rate_overrides_select_ib on crm.ib_rate_overrides
for select to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and exists (select from crm.ibs as ibs where ibs.id = ib_rate_overrides.ib_id)
       and (select core.current_user_role()) in ('crm_ib', 'crm_manager', 'crm_finance'));

grant select on crm_private.ibs
to crm_agent, crm_manager, crm_compliance, crm_finance, crm_client, crm_ib;

grant execute on function crm_api.assign_client(uuid, uuid) to crm_manager;
