create view crm_api.ib_commissions
with (security_invoker = true)
as
select ib_commissions.id,
       ib_commissions.ib_id,
       ib_commissions.position_id,
       ib_commissions.amount,
       ib_commissions.currency,
       ib_commissions.created_at
from crm_private.ib_commissions as ib_commissions;
comment on view crm_api.ib_commissions is 'IB commissions: an IB its own, managers and finance those of the brokerage.';
