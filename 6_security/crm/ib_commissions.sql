-- crm.ib_commissions: an IB its own, a manager its desk's, finance the brokerage
alter table crm.ib_commissions enable row level security;
alter table crm.ib_commissions force row level security;
grant select on crm.ib_commissions to crm_reader;

create policy ib_commissions_select_ib on crm.ib_commissions
for select to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'crm_ib'
       and exists (select from crm.ibs as ibs
                   where ibs.id = ib_commissions.ib_id
                     and ibs.user_id = (select core.current_user_id())));

-- a manager the commissions on the positions it sees (crm.positions' policies:
-- its desk's clients; a manager without a desk the brokerage)
create policy ib_commissions_select_manager on crm.ib_commissions
for select to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'crm_manager'
       and exists (select from crm.positions as positions where positions.id = ib_commissions.position_id));

create policy ib_commissions_select_finance on crm.ib_commissions
for select to crm_reader
using (tenant_id = (select core.current_tenant_id())
       and (select core.current_user_role()) = 'crm_finance');

grant select on crm_private.ib_commissions, crm_api.ib_commissions
to crm_agent, crm_manager, crm_compliance, crm_finance, crm_client, crm_ib;
