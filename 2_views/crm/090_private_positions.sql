create view crm_private.positions as
select positions.id,
       positions.tenant_id,
       positions.account_id,
       positions.symbol,
       positions.side,
       positions.lots,
       positions.open_price,
       positions.leverage,
       positions.margin,
       positions.opened_at,
       positions.close_price,
       positions.closed_at,
       positions.realized_pnl,
       positions.is_stop_out
from crm.positions as positions;
alter view crm_private.positions owner to crm_reader;
comment on view crm_private.positions is 'Positions the acting user may see: runs as crm_reader, so the policies of crm.positions pick the rows (those of the accounts the user may see: own, assigned, desk, brokerage for finance). The API functions check visibility through it.';
