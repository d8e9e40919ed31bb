create table crm.ledger_transactions (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references core.tenants (id),
    kind text not null,
    ref_id uuid,
    created_by uuid references core.users (id),
    created_at timestamptz not null default now(),
    constraint ledger_transactions_id_tenant_id_key unique (id, tenant_id),
    constraint ledger_transactions_kind_is_known check (kind in (
        'deposit', 'withdrawal_reservation', 'withdrawal_release', 'withdrawal_payout',
        'realized_pnl', 'negative_balance_credit', 'ib_commission', 'adjustment'))
);
create index ledger_transactions_ref_id_idx on crm.ledger_transactions (ref_id);
create index ledger_transactions_tenant_created_at_idx on crm.ledger_transactions (tenant_id, created_at);
comment on table crm.ledger_transactions is 'Double-entry ledger: one business event (a deposit, a withdrawal step, a realized P&L, a broker credit). Its entries sum to zero per currency (deferred constraint trigger); append-only (update and delete refused with 42501).';
comment on column crm.ledger_transactions.ref_id is 'The row the transaction books: the deposit, withdrawal or position id.';
comment on column crm.ledger_transactions.kind is 'deposit (psp_clearing to account), withdrawal_reservation (account to withdrawals_pending), withdrawal_release (back to the account on rejection), withdrawal_payout (withdrawals_pending to payouts_card / payouts_wire), realized_pnl (house_pnl against the account), negative_balance_credit (nbp_credit to the account), ib_commission (ib_commission_expense to ib_payables, in USD, ref_id the crm.ib_commissions row), adjustment.';

