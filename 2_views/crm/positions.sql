create view crm_api.positions
with (security_invoker = true)
as
select positions.id,
       positions.account_id,
       positions.symbol,
       positions.side,
       positions.lots,
       positions.open_price,
       positions.close_price,
       positions.closed_at,
       positions.opened_at,
       positions.realized_pnl,
       positions.leverage,
       positions.margin,
       positions.is_stop_out
from crm_private.positions as positions;
comment on view crm_api.positions is 'Positions of the accounts the caller may see, open (closed_at null) and closed, with the leverage and margin fixed at opening and the realized P&L in the account''s currency; is_stop_out marks a margin close-out.';
