-- Reference data of the trading side: instruments, leverage caps, margin
-- rules, price tolerances and lot sizes are shared (or defaulted) across brokerages; every logged-in CRM
-- user may read instruments, nobody writes them through the API.
alter table crm.instruments enable row level security;
alter table crm.instruments force row level security;
alter table crm.leverage_caps enable row level security;
alter table crm.leverage_caps force row level security;
alter table crm.margin_rules enable row level security;
alter table crm.margin_rules force row level security;
alter table crm.price_tolerances enable row level security;
alter table crm.price_tolerances force row level security;
alter table crm.lot_sizes enable row level security;
alter table crm.lot_sizes force row level security;

grant select on crm.instruments to crm_reader;

create policy instruments_select_user on crm.instruments
for select
to crm_reader
using ((select core.current_tenant_id()) is not null
       and (tenant_id is null or tenant_id = (select core.current_tenant_id())));

-- not exposed (the API functions read them as definer); the policies keep a
-- future grant to the logged-in users, and margin rules to their brokerage
create policy leverage_caps_select_user on crm.leverage_caps
for select
to crm_reader
using ((select core.current_tenant_id()) is not null
       and (tenant_id is null or tenant_id = (select core.current_tenant_id())));

create policy price_tolerances_select_user on crm.price_tolerances
for select
to crm_reader
using ((select core.current_tenant_id()) is not null
       and (tenant_id is null or tenant_id = (select core.current_tenant_id())));

create policy lot_sizes_select_user on crm.lot_sizes
for select
to crm_reader
using ((select core.current_tenant_id()) is not null
       and (tenant_id is null or tenant_id = (select core.current_tenant_id())));

create policy margin_rules_select_staff on crm.margin_rules
for select
to crm_reader
using ((tenant_id is null or tenant_id = (select core.current_tenant_id()))
       and (select core.current_user_role()) in ('crm_manager', 'crm_finance'));

grant select on crm_private.instruments, crm_api.instruments
to crm_agent, crm_manager, crm_compliance, crm_finance, crm_client, crm_ib, crm_feed;
