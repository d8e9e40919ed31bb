create view crm_private.withdrawals as
select withdrawals.id,
       withdrawals.tenant_id,
       withdrawals.account_id,
       withdrawals.amount,
       withdrawals.currency,
       withdrawals.status,
       withdrawals.requested_by,
       withdrawals.requested_at,
       withdrawals.decided_by,
       withdrawals.decided_at,
       withdrawals.reason,
       withdrawals.card_refund_amount,
       withdrawals.wire_amount
from crm.withdrawals as withdrawals;
alter view crm_private.withdrawals owner to crm_reader;
comment on view crm_private.withdrawals is 'Withdrawals as the acting user may see them: runs as crm_reader, so the policies pick the rows (the client their own, a manager the desk''s, finance the brokerage''s; agents, compliance and IBs none).';
