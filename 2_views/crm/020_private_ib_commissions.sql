create view crm_private.ib_commissions as
select ib_commissions.id,
       ib_commissions.tenant_id,
       ib_commissions.ib_id,
       ib_commissions.position_id,
       ib_commissions.ib_level,
       ib_commissions.instrument_class,
       ib_commissions.lots,
       ib_commissions.usd_per_lot,
       ib_commissions.amount,
       ib_commissions.currency,
       ib_commissions.created_at
from crm.ib_commissions as ib_commissions;
alter view crm_private.ib_commissions owner to crm_reader;
comment on view crm_private.ib_commissions is 'IB commissions as the acting user may see them: an IB its own, managers and finance all of the tenant (policies of crm.ib_commissions, evaluated for crm_reader).';
