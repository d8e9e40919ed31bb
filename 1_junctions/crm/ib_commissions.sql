-- A junction of IBs and positions; it lives here because crm.positions
-- (0_tables/crm/090) is created after the IB tables.
create table crm.ib_commissions (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null,
    ib_id uuid not null,
    position_id uuid not null references crm.positions (id),
    ib_level int not null,
    instrument_class text not null,
    lots numeric not null,
    usd_per_lot numeric not null,
    amount numeric not null,
    currency text not null default 'USD',
    created_at timestamptz not null default now(),
    constraint ib_commissions_ib_id_fkey foreign key (ib_id, tenant_id) references crm.ibs (id, tenant_id),
    constraint ib_commissions_position_id_ib_id_key unique (position_id, ib_id),
    constraint ib_commissions_level_is_positive check (ib_level >= 1),
    constraint ib_commissions_lots_are_positive check (lots > 0),
    constraint ib_commissions_amount_not_negative check (amount >= 0),
    constraint ib_commissions_currency_is_iso check (currency ~ '^[A-Z]{3}$'),
    constraint ib_commissions_lots_is_finite check (lots not in ('NaN', 'Infinity', '-Infinity')),
    constraint ib_commissions_usd_per_lot_is_finite check (usd_per_lot not in ('NaN', 'Infinity', '-Infinity')),
    constraint ib_commissions_amount_is_finite check (amount not in ('NaN', 'Infinity', '-Infinity'))
);
create index ib_commissions_ib_id_created_at_idx on crm.ib_commissions (ib_id, created_at);
comment on table crm.ib_commissions is 'Commissions earned by IBs on closed positions of the clients they introduced (and of their sub-IBs'' clients), one row per position and IB; accrued by crm_private.accrue_ib_commission.';
comment on column crm.ib_commissions.ib_level is 'The IB''s level in the chain above the client: 1 for the client''s own IB, 2 for its parent, ...';
