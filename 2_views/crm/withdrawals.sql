create view crm_api.withdrawals
with (security_invoker = true)
as
select withdrawals.id,
       withdrawals.account_id,
       withdrawals.amount,
       withdrawals.currency,
       withdrawals.status,
       withdrawals.card_refund_amount,
       withdrawals.wire_amount,
       withdrawals.requested_at,
       withdrawals.decided_at,
       withdrawals.reason
from crm_private.withdrawals as withdrawals;
comment on view crm_api.withdrawals is 'Withdrawals the caller may see: finance the brokerage''s, a manager the desk''s, a client their own; never agents, compliance or IBs. An approved one shows the card refund and the wire part.';
