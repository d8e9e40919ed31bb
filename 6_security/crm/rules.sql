-- Rule and reference tables: readable by crm_reader (defaults and the
-- caller's tenant) for a request with a tenant in its claims, as the
-- instrument tables (instruments.sql): an anonymous request reads nothing,
-- not even the defaults. Written only by the build and migrations; the
-- definer functions that apply the rules read them as their owner.
alter table crm.status_transitions enable row level security;
alter table crm.status_transitions force row level security;
alter table crm.aml_rules enable row level security;
alter table crm.aml_rules force row level security;
alter table crm.fx_rates enable row level security;
alter table crm.fx_rates force row level security;
alter table crm.ib_commission_rates enable row level security;
alter table crm.ib_commission_rates force row level security;
alter table crm.commission_rules enable row level security;
alter table crm.commission_rules force row level security;
grant select on crm.status_transitions, crm.aml_rules, crm.fx_rates, crm.ib_commission_rates, crm.commission_rules to crm_reader;

create policy status_transitions_select_reader on crm.status_transitions
for select to crm_reader
using ((select core.current_tenant_id()) is not null
       and (tenant_id is null or tenant_id = (select core.current_tenant_id())));

create policy fx_rates_select_reader on crm.fx_rates
for select to crm_reader
using ((select core.current_tenant_id()) is not null
       and (tenant_id is null or tenant_id = (select core.current_tenant_id())));

create policy aml_rules_select_reader on crm.aml_rules
for select to crm_reader
using ((select core.current_tenant_id()) is not null
       and (tenant_id is null or tenant_id = (select core.current_tenant_id())));

create policy ib_commission_rates_select_reader on crm.ib_commission_rates
for select to crm_reader
using ((select core.current_tenant_id()) is not null
       and (tenant_id is null or tenant_id = (select core.current_tenant_id())));

create policy commission_rules_select_reader on crm.commission_rules
for select to crm_reader
using ((select core.current_tenant_id()) is not null
       and (tenant_id is null or tenant_id = (select core.current_tenant_id())));
