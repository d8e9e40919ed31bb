create table crm.withdrawals (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null,
    account_id uuid not null,
    amount numeric not null,
    currency text not null,
    status text not null default 'requested',
    requested_by uuid not null references core.users (id),
    requested_at timestamptz not null default now(),
    decided_by uuid references core.users (id),
    decided_at timestamptz,
    reason text,
    card_refund_amount numeric,
    wire_amount numeric,
    constraint withdrawals_account_id_fkey foreign key (account_id, tenant_id) references crm.accounts (id, tenant_id),
    constraint withdrawals_amount_is_positive check (amount > 0),
    constraint withdrawals_status_is_known check (status in ('requested', 'approved', 'rejected')),
    constraint withdrawals_decider_is_not_requester check (decided_by <> requested_by),
    constraint withdrawals_decided_when_final check ((status = 'requested') = (decided_at is null and decided_by is null)),
    constraint withdrawals_payout_splits_amount check (
        (status = 'approved') = (card_refund_amount is not null and wire_amount is not null)
        and (status <> 'approved' or (card_refund_amount >= 0 and wire_amount >= 0 and card_refund_amount + wire_amount = amount))),
    constraint withdrawals_amount_is_finite check (amount not in ('NaN', 'Infinity', '-Infinity')),
    constraint withdrawals_card_refund_amount_is_finite check (card_refund_amount not in ('NaN', 'Infinity', '-Infinity')),
    constraint withdrawals_wire_amount_is_finite check (wire_amount not in ('NaN', 'Infinity', '-Infinity'))
);
create index withdrawals_account_id_idx on crm.withdrawals (account_id);
create index withdrawals_tenant_id_status_idx on crm.withdrawals (tenant_id, status);
comment on table crm.withdrawals is 'A client''s request to take money out of an account (crm_api.request_withdrawal), reserved in the ledger at once, then approved or rejected by finance (crm_api.decide_withdrawal; maker-checker: never by the requester). An approved payout goes back to the cards first, up to what they paid in, the rest by wire.';
comment on column crm.withdrawals.card_refund_amount is 'On approval: the part refunded to the cards the account was funded with (at most their deposits net of earlier card refunds).';
comment on column crm.withdrawals.wire_amount is 'On approval: the rest, paid by bank wire.';
