create table crm.positions (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null,
    account_id uuid not null,
    symbol text not null references crm.instruments (symbol),
    side text not null,
    lots numeric not null,
    open_price numeric not null,
    leverage int not null,
    margin numeric not null,
    opened_at timestamptz not null default now(),
    close_price numeric,
    closed_at timestamptz,
    realized_pnl numeric,
    is_stop_out boolean not null default false,
    constraint positions_account_id_fkey foreign key (account_id, tenant_id) references crm.accounts (id, tenant_id),
    constraint positions_side_is_known check (side in ('buy', 'sell')),
    constraint positions_lots_are_positive check (lots > 0),
    constraint positions_open_price_is_positive check (open_price > 0),
    constraint positions_leverage_is_positive check (leverage > 0),
    constraint positions_margin_is_positive check (margin > 0),
    constraint positions_closed_consistently check (
        (closed_at is null) = (close_price is null)
        and (closed_at is null) = (realized_pnl is null)
        and (closed_at is not null or not is_stop_out)),
    constraint positions_close_price_is_positive check (close_price > 0),
    constraint positions_closed_after_opened check (closed_at >= opened_at),
    constraint positions_lots_is_finite check (lots not in ('NaN', 'Infinity', '-Infinity')),
    constraint positions_open_price_is_finite check (open_price not in ('NaN', 'Infinity', '-Infinity')),
    constraint positions_margin_is_finite check (margin not in ('NaN', 'Infinity', '-Infinity')),
    constraint positions_close_price_is_finite check (close_price not in ('NaN', 'Infinity', '-Infinity')),
    constraint positions_realized_pnl_is_finite check (realized_pnl not in ('NaN', 'Infinity', '-Infinity'))
);
create index positions_account_id_open_idx on crm.positions (account_id) where closed_at is null;
create index positions_tenant_symbol_open_idx on crm.positions (tenant_id, symbol) where closed_at is null;
create index positions_account_id_opened_at_idx on crm.positions (account_id, opened_at);
comment on table crm.positions is 'Trades of an account: open (closed_at null) or closed with a realized P&L booked to the ledger. Leverage and margin are fixed when the position opens.';
comment on column crm.positions.leverage is 'The leverage applied: least(account leverage, cap of the client''s classification at opening for the instrument class). A later reclassification does not change open positions.';
comment on column crm.positions.margin is 'Margin held, in the account''s currency: lots x contract size x open price / leverage, converted from the quote currency at the day''s rate.';
comment on column crm.positions.realized_pnl is 'Profit or loss in the account''s currency, booked to the ledger when the position closed.';
comment on column crm.positions.is_stop_out is 'True when the position was closed by a margin close-out (crm_api.set_price), not by the client.';
