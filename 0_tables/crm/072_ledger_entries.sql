create table crm.ledger_entries (
    id bigint primary key generated always as identity,
    tenant_id uuid not null,
    transaction_id uuid not null,
    account_id uuid,
    house_account text,
    currency text not null,
    amount numeric not null,
    created_at timestamptz not null default now(),
    constraint ledger_entries_transaction_id_fkey foreign key (transaction_id, tenant_id) references crm.ledger_transactions (id, tenant_id),
    constraint ledger_entries_account_id_fkey foreign key (account_id, tenant_id) references crm.accounts (id, tenant_id),
    constraint ledger_entries_one_side check ((account_id is null) <> (house_account is null)),
    constraint ledger_entries_house_account_is_known check (house_account in (
        'psp_clearing', 'withdrawals_pending', 'payouts_card', 'payouts_wire', 'house_pnl', 'nbp_credit', 'ib_commission_expense', 'ib_payables', 'adjustments')),
    constraint ledger_entries_amount_is_not_zero check (amount <> 0),
    constraint ledger_entries_currency_is_iso check (currency ~ '^[A-Z]{3}$'),
    constraint ledger_entries_amount_is_finite check (amount not in ('NaN', 'Infinity', '-Infinity'))
);
create index ledger_entries_account_id_idx on crm.ledger_entries (account_id) include (amount) where account_id is not null;
create index ledger_entries_transaction_id_idx on crm.ledger_entries (transaction_id);
create index ledger_entries_tenant_house_idx on crm.ledger_entries (tenant_id, house_account) where house_account is not null;
comment on table crm.ledger_entries is 'The legs of a ledger transaction: each moves amount (positive = credit to that side''s balance) in one currency on either a client account or a house account. A client account''s balance is the sum of its entries; every transaction''s entries sum to zero per currency. Append-only.';
comment on column crm.ledger_entries.house_account is 'The brokerage''s side: psp_clearing (money received from payment providers), withdrawals_pending (reserved withdrawals), payouts_card / payouts_wire (paid out), house_pnl (counterparty of client P&L), nbp_credit (negative balance protection), ib_commission_expense (the brokerage''s cost of IB commissions) against ib_payables (what it owes its IBs; the transaction''s ref_id is the crm.ib_commissions row, which names the IB), adjustments.';
comment on column crm.ledger_entries.amount is 'Signed amount in currency: positive increases the side''s balance, negative decreases it. Never zero.';
