alter table crm.prices enable row level security;
alter table crm.prices force row level security;

grant select on crm.prices to crm_reader;

create policy prices_select_tenant on crm.prices
for select
to crm_reader
using (tenant_id = (select core.current_tenant_id()));

-- read through crm_api.instruments (mark_price)
grant select on crm_private.prices
to crm_agent, crm_manager, crm_compliance, crm_finance, crm_client, crm_ib, crm_feed;

-- the price feed and margin close-out: the feed role and managers (the
-- function refuses a manager with a desk, 42501)
grant execute on function crm_api.set_price(text, numeric) to crm_feed, crm_manager;
