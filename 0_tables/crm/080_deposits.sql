create table crm.deposits (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null,
    account_id uuid not null,
    amount numeric not null,
    currency text not null,
    method text not null,
    provider_ref text not null,
    card_last4 text,
    recorded_by uuid references core.users (id),
    created_at timestamptz not null default now(),
    constraint deposits_account_id_fkey foreign key (account_id, tenant_id) references crm.accounts (id, tenant_id),
    constraint deposits_tenant_id_provider_ref_key unique (tenant_id, provider_ref),
    constraint deposits_amount_is_positive check (amount > 0),
    constraint deposits_method_is_known check (method in ('card', 'wire')),
    constraint deposits_card_last4_only_for_cards check (card_last4 is null or (method = 'card' and card_last4 ~ '^[0-9]{4}$')),
    constraint deposits_provider_ref_not_blank check (provider_ref ~ '[^[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\U0001d159\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]'),
    constraint deposits_provider_ref_without_invisible check (provider_ref !~ '[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]'),
    constraint deposits_amount_is_finite check (amount not in ('NaN', 'Infinity', '-Infinity'))
);
create index deposits_account_id_created_at_idx on crm.deposits (account_id, created_at);
create index deposits_tenant_id_created_at_idx on crm.deposits (tenant_id, created_at);
comment on table crm.deposits is 'Money received for an account from a payment provider (crm_api.record_deposit, the provider''s callback), in the account''s currency. Idempotent on the provider''s reference: the same reference twice is a duplicate (23505). Booked in the ledger as psp_clearing to the account.';
comment on column crm.deposits.provider_ref is 'The payment provider''s unique reference of the payment; unique per brokerage.';
comment on column crm.deposits.card_last4 is 'The last four digits of the paying card (card deposits only); the full card number is never stored.';
