-- Demo accounts and money. The demo users' accounts are opened and funded
-- through the API (as the client and the brokerage's finance user); the
-- generated clients get a months-long history written set-based by
-- seed.generate_money_history. Runs after the clients of 020_clients.sql
-- and the marks of 030_prices.sql.

-- Backdates the ledger transactions (and their entries) that book ref_id.
-- The ledger is append-only for every session role; a superuser seed may
-- switch session_replication_role to replica for this one update, which
-- skips the append-only (and audit) triggers. Dev only.
create function seed.backdate_ledger(ref_id uuid, at timestamptz, kind text default null)
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
    previous_role text := pg_catalog.current_setting('session_replication_role');
begin
    perform pg_catalog.set_config('session_replication_role', 'replica', true);
    update crm.ledger_entries as entries
    set created_at = backdate_ledger.at
    from crm.ledger_transactions as transactions
    where transactions.id = entries.transaction_id
      and transactions.ref_id = backdate_ledger.ref_id
      and (backdate_ledger.kind is null or transactions.kind = backdate_ledger.kind);
    update crm.ledger_transactions as transactions
    set created_at = backdate_ledger.at
    where transactions.ref_id = backdate_ledger.ref_id
      and (backdate_ledger.kind is null or transactions.kind = backdate_ledger.kind);
    perform pg_catalog.set_config('session_replication_role', previous_role, true);
end
$$;
comment on function seed.backdate_ledger(uuid, timestamptz, text) is 'Dev seed only: moves the ledger bookings of a row (deposit, withdrawal, position) back in time, bypassing the append-only triggers with session_replication_role = replica (superuser). Never part of the application.';

-- Gives each listed client (KYC approved or later, no account yet; one
-- without a login gets one, password demo) a trading history over the last
-- months: an account, one to three deposits (cards and wires), a few
-- positions mostly closed with realized P&L (and IB commissions), an AML
-- case where the deposits of a week reach the threshold, sometimes a
-- withdrawal approved, rejected or still pending; every ledger booking the
-- API would make, at its historical time. Written set-based (a dozen
-- statements whatever the number of clients) and without audit rows, like
-- seed.generate_clients. Returns the number of accounts opened.
create function seed.generate_money_history(client_ids uuid[], months int default 6)
returns int
language plpgsql
volatile
set search_path = ''
set client_min_messages = warning  -- no notice per 'drop table if exists'
set jit = off  -- temp tables have no statistics: estimated costs would trigger seconds of JIT compilation
as $$
declare
    currencies constant text[] := array['EUR', 'EUR', 'EUR', 'USD', 'GBP', 'CHF'];
    opened int;
begin
    -- every statement below works on temporary tables this function creates
    -- (their columns derived by create table as), which the linter cannot see;
    -- every build runs it, and the suites check what it wrote
    perform 'PRAGMA:DISABLE:CHECK';
    perform seed.audit(false);

    -- the clients and their brokerage's finance and compliance officers
    drop table if exists pg_temp.history_accounts;
    create temporary table history_accounts on commit drop as
    select clients.id as client_id,
           clients.tenant_id,
           clients.classification,
           clients.user_id,
           clients.email,
           clients.full_name,
           clients.ib_id,
           pg_catalog.gen_random_uuid() as account_id,
           currencies[1 + pg_catalog.floor(pg_catalog.random() * pg_catalog.array_length(currencies, 1))::int] as currency,
           case clients.classification when 'professional' then 100 else 30 end as leverage,
           least(greatest(clients.created_at + interval '3 days', now() - pg_catalog.make_interval(months => generate_money_history.months)),
                 now() - interval '20 days')
               + interval '1 day' * pg_catalog.random() * 3 as opened_at,
           1 + pg_catalog.floor(pg_catalog.random() * 3)::int as deposit_count,
           pg_catalog.floor(pg_catalog.random() * 9)::int as position_count,
           pg_catalog.random() as withdrawal_roll,
           (select users.id from core.users as users
            where users.tenant_id = clients.tenant_id and users.role = 'crm_finance' and users.is_active
            order by users.created_at, users.id limit 1) as finance_id,
           (select users.id from core.users as users
            where users.tenant_id = clients.tenant_id and users.role = 'crm_compliance' and users.is_active
            order by users.created_at, users.id limit 1) as compliance_id
    from crm.clients as clients
    where clients.id = any (generate_money_history.client_ids)
      and clients.status in ('approved', 'funded', 'active')
      and not exists (select from crm.accounts as accounts where accounts.client_id = clients.id)
    order by clients.created_at, clients.id;
    delete from history_accounts where history_accounts.finance_id is null;

    -- a client who trades logs in: the ones without a login get one
    with new_users as (
        insert into core.users (tenant_id, app, email, full_name, role, password_hash)
        select history_accounts.tenant_id, 'crm', history_accounts.email, history_accounts.full_name, 'crm_client', seed.demo_password_hash()
        from history_accounts
        where history_accounts.user_id is null
        returning users.id, users.tenant_id, users.email
    )
    update history_accounts
    set user_id = new_users.id
    from new_users
    where new_users.tenant_id = history_accounts.tenant_id
      and new_users.email = history_accounts.email;
    update crm.clients as clients
    set user_id = history_accounts.user_id
    from history_accounts
    where history_accounts.client_id = clients.id
      and clients.user_id is null;

    insert into crm.accounts (id, tenant_id, client_id, currency, leverage, created_at)
    select history_accounts.account_id, history_accounts.tenant_id, history_accounts.client_id, history_accounts.currency,
           history_accounts.leverage, history_accounts.opened_at
    from history_accounts;
    get diagnostics opened = row_count;

    -- deposits: cards and wires, 500 to 10,000, every few days
    drop table if exists pg_temp.history_deposits;
    create temporary table history_deposits on commit drop as
    select pg_catalog.gen_random_uuid() as id,
           steps.account_id, steps.tenant_id, steps.client_id, steps.currency, steps.finance_id, steps.k,
           case when steps.is_card then 'card' else 'wire' end as method,
           case when steps.is_card then pg_catalog.round(500 + (steps.amount_roll * 95)::numeric * 100, 2)
                else pg_catalog.round(1000 + (steps.amount_roll * 90)::numeric * 100, 2) end as amount,
           case when steps.is_card then pg_catalog.lpad(pg_catalog.floor(steps.card_roll * 10000)::int::text, 4, '0') end as card_last4,
           least(steps.opened_at + pg_catalog.sum(steps.gap) over (partition by steps.account_id order by steps.k),
                 now() - interval '1 hour') as at
    from (
        select history_accounts.*, k,
               pg_catalog.random() < 0.6 as is_card,
               pg_catalog.random() as amount_roll,
               pg_catalog.random() as card_roll,
               interval '1 day' * pg_catalog.random() * 12 as gap
        from history_accounts
        cross join lateral pg_catalog.generate_series(1, history_accounts.deposit_count) as k
    ) as steps;

    insert into crm.deposits (id, tenant_id, account_id, amount, currency, method, provider_ref, card_last4, recorded_by, created_at)
    select deposits.id, deposits.tenant_id, deposits.account_id, deposits.amount, deposits.currency, deposits.method,
           'seed-' || pg_catalog.replace(deposits.id::text, '-', ''), deposits.card_last4, deposits.finance_id, deposits.at
    from history_deposits as deposits;

    alter table history_deposits add column eur numeric;
    update history_deposits
    set eur = history_deposits.amount * crm_private.eur_rate(history_deposits.currency, (history_deposits.at at time zone 'UTC')::date);
    alter table history_accounts add column first_deposit_at timestamptz, add column last_deposit_at timestamptz,
                                 add column deposit_total numeric, add column card_total numeric;
    update history_accounts
    set first_deposit_at = totals.first_at,
        last_deposit_at = totals.last_at,
        deposit_total = totals.total,
        card_total = totals.card_total
    from (select deposits.account_id, pg_catalog.min(deposits.at) as first_at, pg_catalog.max(deposits.at) as last_at,
                 pg_catalog.sum(deposits.amount) as total,
                 coalesce(pg_catalog.sum(deposits.amount) filter (where deposits.method = 'card'), 0) as card_total
          from history_deposits as deposits
          group by deposits.account_id) as totals
    where totals.account_id = history_accounts.account_id;

    -- positions: up to eight per account, opened after the deposits, 85 %
    -- closed within days; only as many as the deposits can margin
    drop table if exists pg_temp.history_positions;
    create temporary table history_positions on commit drop as
    with rolls as materialized (
        -- the dice, thrown once per position (a materialized CTE: the
        -- planner may not copy a random() into a join condition)
        select history_accounts.account_id, history_accounts.tenant_id, history_accounts.client_id, history_accounts.currency,
               history_accounts.classification, history_accounts.leverage as account_leverage, history_accounts.user_id,
               history_accounts.ib_id, k,
               traded.symbols[1 + pg_catalog.floor(pg_catalog.random() * pg_catalog.array_length(traded.symbols, 1))::int] as symbol,
               case when pg_catalog.random() < 0.5 then 'buy' else 'sell' end as side,
               pg_catalog.random() as size_roll,
               pg_catalog.random() as price_roll,
               pg_catalog.random() as close_roll,
               pg_catalog.random() as move_roll,
               interval '1 minute' * (5 + pg_catalog.random() * 7200) as held,
               interval '1 hour' * pg_catalog.random() * 240 as gap,
               history_accounts.last_deposit_at as first_at
        from history_accounts
        -- the symbols the history trades (in the query, where plpgsql_check
        -- sees a variable of a create table as ... read as never read)
        cross join (values (array['EURUSD', 'GBPUSD', 'USDJPY', 'EURGBP', 'XAUUSD', 'US500', 'DE40', 'BTCUSD']::text[])) as traded (symbols)
        cross join lateral pg_catalog.generate_series(1, history_accounts.position_count) as k
    ),
    picked as materialized (
        select rolls.*,
               market.typical_lots * (1 + pg_catalog.floor(rolls.size_roll * 3)::int) as lots,
               pg_catalog.round(market.price * (0.98 + (rolls.price_roll * 0.04)::numeric), market.decimals) as open_price,
               case when rolls.close_roll < 0.85
                    then pg_catalog.round(pg_catalog.round(market.price * (0.98 + (rolls.price_roll * 0.04)::numeric), market.decimals)
                                          * (0.99 + (rolls.move_roll * 0.02)::numeric), market.decimals) end as close_price,
               least(rolls.first_at + pg_catalog.sum(rolls.gap) over (partition by rolls.account_id order by rolls.k),
                     now() - interval '1 hour') as opened_at,
               instruments.instrument_class,
               instruments.quote_currency,
               instruments.contract_size,
               least(rolls.account_leverage,
                     (select caps.max_leverage from crm.leverage_caps as caps
                      where caps.tenant_id is null
                        and caps.classification = rolls.classification
                        and caps.instrument_class = instruments.instrument_class)) as leverage
        from rolls
        join seed.market() as market on market.symbol = rolls.symbol
        join crm.instruments as instruments on instruments.symbol = rolls.symbol
    ),
    sized as (
        select picked.*,
               greatest(pg_catalog.round(crm_private.convert_amount(picked.lots * picked.contract_size * picked.open_price,
                                                                    picked.quote_currency, picked.currency, current_date)
                                         / picked.leverage, 2), 0.01) as margin,
               case when picked.close_price is not null then
                   pg_catalog.round(crm_private.convert_amount((picked.close_price - picked.open_price) * picked.lots * picked.contract_size
                                                                   * case picked.side when 'buy' then 1 else -1 end,
                                                               picked.quote_currency, picked.currency, current_date), 2)
               end as realized_pnl
        from picked
    )
    select sized.*,
           pg_catalog.sum(sized.margin) over (partition by sized.account_id order by sized.k) as margin_so_far
    from sized;
    alter table history_positions add column id uuid default pg_catalog.gen_random_uuid(), add column closed_at timestamptz;
    delete from history_positions
    using history_accounts
    where history_accounts.account_id = history_positions.account_id
      and history_positions.margin_so_far > 0.5 * history_accounts.deposit_total;
    update history_positions
    set closed_at = least(history_positions.opened_at + history_positions.held, now() - interval '1 minute')
    where history_positions.close_price is not null;

    insert into crm.positions (id, tenant_id, account_id, symbol, side, lots, open_price, leverage, margin, opened_at,
                               close_price, closed_at, realized_pnl)
    select positions.id, positions.tenant_id, positions.account_id, positions.symbol, positions.side, positions.lots,
           positions.open_price, positions.leverage, positions.margin, positions.opened_at,
           positions.close_price, case when positions.closed_at is not null then greatest(positions.closed_at, positions.opened_at) end, positions.realized_pnl
    from history_positions as positions;

    -- IB commissions up the chain of each closed, long enough trade (as
    -- crm_private.accrue_ib_commission computes them)
    drop table if exists pg_temp.history_commissions;
    create temporary table history_commissions on commit drop as
    with recursive chain as (
        select positions.id as position_id, positions.tenant_id, positions.lots, positions.instrument_class, positions.closed_at,
               positions.user_id as client_user_id, ibs.id as ib_id, ibs.parent_id, 1 as ib_level
        from history_positions as positions
        join crm.ibs as ibs on ibs.id = positions.ib_id
        where positions.closed_at is not null
          and positions.closed_at - positions.opened_at >= coalesce(
                  (select commission_rules.min_hold from crm.commission_rules as commission_rules
                   where commission_rules.tenant_id = positions.tenant_id or commission_rules.tenant_id is null
                   order by commission_rules.tenant_id nulls last limit 1), interval '0')
        union all
        select chain.position_id, chain.tenant_id, chain.lots, chain.instrument_class, chain.closed_at,
               chain.client_user_id, parents.id, parents.parent_id, chain.ib_level + 1
        from chain
        join crm.ibs as parents on parents.id = chain.parent_id
        where chain.ib_level < 10
    )
    select pg_catalog.gen_random_uuid() as id, rated.*, pg_catalog.round(rated.lots * rated.usd_per_lot, 2) as amount
    from (
        select chain.*,
               coalesce(
                   (select overrides.usd_per_lot from crm.ib_rate_overrides as overrides
                    where chain.ib_level = 1 and overrides.ib_id = chain.ib_id and overrides.instrument_class = chain.instrument_class),
                   (select rates.usd_per_lot from crm.ib_commission_rates as rates
                    where (rates.tenant_id = chain.tenant_id or rates.tenant_id is null)
                      and rates.instrument_class = chain.instrument_class and rates.ib_level = chain.ib_level
                    order by rates.tenant_id nulls last limit 1)) as usd_per_lot
        from chain
        join crm.ibs as ibs on ibs.id = chain.ib_id
        where ibs.user_id is distinct from chain.client_user_id
    ) as rated
    where rated.usd_per_lot > 0;

    insert into crm.ib_commissions (id, tenant_id, ib_id, position_id, ib_level, instrument_class, lots, usd_per_lot, amount, currency, created_at)
    select commissions.id, commissions.tenant_id, commissions.ib_id, commissions.position_id, commissions.ib_level,
           commissions.instrument_class, commissions.lots, commissions.usd_per_lot, commissions.amount, 'USD', commissions.closed_at
    from history_commissions as commissions;

    -- AML: the first deposit that takes a week's deposits (in EUR at each
    -- day's rate) to the threshold opens a case; compliance cleared most
    insert into crm.aml_cases (tenant_id, client_id, reason, total_eur, status, opened_at, cleared_by, cleared_at, note)
    select flagged.tenant_id, flagged.client_id, 'threshold', pg_catalog.round(flagged.week_eur, 2),
           case when flagged.clear_roll < 0.7 then 'cleared' else 'open' end,
           flagged.at,
           case when flagged.clear_roll < 0.7 then flagged.compliance_id end,
           case when flagged.clear_roll < 0.7 then least(flagged.at + interval '2 days', now()) end,
           case when flagged.clear_roll < 0.7 then 'source of funds verified' end
    from (
        select distinct on (weekly.client_id) weekly.*, pg_catalog.random() as clear_roll
        from (
            select deposits.tenant_id, deposits.client_id, deposits.at, history_accounts.compliance_id,
                   (select pg_catalog.sum(earlier.eur)
                    from history_deposits as earlier
                    where earlier.client_id = deposits.client_id
                      and earlier.at > deposits.at - interval '7 days'
                      and earlier.at <= deposits.at) as week_eur
            from history_deposits as deposits
            join history_accounts on history_accounts.account_id = deposits.account_id
        ) as weekly
        where weekly.week_eur >= (select aml_rules.threshold_eur from crm.aml_rules as aml_rules
                                  where aml_rules.tenant_id = weekly.tenant_id or aml_rules.tenant_id is null
                                  order by aml_rules.tenant_id nulls last limit 1)
        order by weekly.client_id, weekly.at
    ) as flagged;

    -- withdrawals: about a third of the accounts without an open AML case,
    -- 10-40 % of what they could take out; most decided by finance
    drop table if exists pg_temp.history_withdrawals;
    create temporary table history_withdrawals on commit drop as
    with candidates as materialized (
        select history_accounts.account_id, history_accounts.tenant_id, history_accounts.currency, history_accounts.user_id,
               history_accounts.finance_id,
               history_accounts.deposit_total
               + coalesce((select pg_catalog.sum(positions.realized_pnl) from history_positions as positions
                           where positions.account_id = history_accounts.account_id), 0)
               - coalesce((select pg_catalog.sum(positions.margin) from history_positions as positions
                           where positions.account_id = history_accounts.account_id and positions.closed_at is null), 0) as available,
               least(greatest(history_accounts.last_deposit_at,
                              coalesce((select pg_catalog.max(greatest(positions.opened_at, positions.closed_at)) from history_positions as positions
                                        where positions.account_id = history_accounts.account_id), '-infinity'))
                     + interval '1 day' * pg_catalog.random() * 5,
                     now() - interval '2 hours') as requested_at,
               interval '1 hour' * (1 + pg_catalog.random() * 47) as decision_delay,
               pg_catalog.random() as share_roll,
               pg_catalog.random() as decide_roll,
               pg_catalog.random() as approve_roll,
               pg_catalog.random() < 0.5 as with_reason
        from history_accounts
        where history_accounts.withdrawal_roll < 0.35
          and not exists (select from crm.aml_cases as aml_cases
                          where aml_cases.client_id = history_accounts.client_id and aml_cases.status = 'open')
    )
    select pg_catalog.gen_random_uuid() as id, candidates.*,
           pg_catalog.round(candidates.available * (0.1 + (candidates.share_roll * 0.3)::numeric), 2) as amount,
           case when candidates.decide_roll >= 0.85 then 'requested'
                when candidates.approve_roll < 0.8 then 'approved' else 'rejected' end as status
    from candidates
    where candidates.available > 100;
    alter table history_withdrawals add column decided_at timestamptz, add column card_refund numeric;
    update history_withdrawals
    set decided_at = case when history_withdrawals.status <> 'requested'
                          then greatest(least(history_withdrawals.requested_at + history_withdrawals.decision_delay, now() - interval '1 hour'),
                                        history_withdrawals.requested_at) end,
        card_refund = case when history_withdrawals.status = 'approved'
                           then least(history_withdrawals.amount,
                                      (select history_accounts.card_total from history_accounts
                                       where history_accounts.account_id = history_withdrawals.account_id)) end;

    insert into crm.withdrawals (id, tenant_id, account_id, amount, currency, status, requested_by, requested_at,
                                 decided_by, decided_at, reason, card_refund_amount, wire_amount)
    select withdrawals.id, withdrawals.tenant_id, withdrawals.account_id, withdrawals.amount, withdrawals.currency, withdrawals.status,
           withdrawals.user_id, withdrawals.requested_at,
           case when withdrawals.status <> 'requested' then withdrawals.finance_id end,
           withdrawals.decided_at,
           case when withdrawals.status <> 'requested' and withdrawals.with_reason then 'checked against the payment history' end,
           withdrawals.card_refund,
           withdrawals.amount - withdrawals.card_refund
    from history_withdrawals as withdrawals;

    -- the ledger: every booking the API makes for these rows, at its time
    drop table if exists pg_temp.history_bookings;
    create temporary table history_bookings on commit drop as
    select pg_catalog.gen_random_uuid() as id, bookings.*
    from (
        select deposits.tenant_id, 'deposit' as kind, deposits.id as ref_id, deposits.finance_id as created_by, deposits.at,
               pg_catalog.jsonb_build_array(
                   pg_catalog.jsonb_build_object('house_account', 'psp_clearing', 'currency', deposits.currency, 'amount', -deposits.amount),
                   pg_catalog.jsonb_build_object('account_id', deposits.account_id, 'currency', deposits.currency, 'amount', deposits.amount)) as legs
        from history_deposits as deposits
        union all
        select positions.tenant_id, 'realized_pnl', positions.id, positions.user_id, greatest(positions.closed_at, positions.opened_at),
               pg_catalog.jsonb_build_array(
                   pg_catalog.jsonb_build_object('account_id', positions.account_id, 'currency', positions.currency, 'amount', positions.realized_pnl),
                   pg_catalog.jsonb_build_object('house_account', 'house_pnl', 'currency', positions.currency, 'amount', -positions.realized_pnl))
        from history_positions as positions
        where positions.realized_pnl <> 0
        union all
        select commissions.tenant_id, 'ib_commission', commissions.id, commissions.client_user_id, commissions.closed_at,
               pg_catalog.jsonb_build_array(
                   pg_catalog.jsonb_build_object('house_account', 'ib_commission_expense', 'currency', 'USD', 'amount', -commissions.amount),
                   pg_catalog.jsonb_build_object('house_account', 'ib_payables', 'currency', 'USD', 'amount', commissions.amount))
        from history_commissions as commissions
        where commissions.amount > 0
        union all
        select withdrawals.tenant_id, 'withdrawal_reservation', withdrawals.id, withdrawals.user_id, withdrawals.requested_at,
               pg_catalog.jsonb_build_array(
                   pg_catalog.jsonb_build_object('account_id', withdrawals.account_id, 'currency', withdrawals.currency, 'amount', -withdrawals.amount),
                   pg_catalog.jsonb_build_object('house_account', 'withdrawals_pending', 'currency', withdrawals.currency, 'amount', withdrawals.amount))
        from history_withdrawals as withdrawals
        union all
        select withdrawals.tenant_id,
               case withdrawals.status when 'approved' then 'withdrawal_payout' else 'withdrawal_release' end,
               withdrawals.id, withdrawals.finance_id, withdrawals.decided_at,
               case withdrawals.status
                   when 'approved' then pg_catalog.jsonb_build_array(
                       pg_catalog.jsonb_build_object('house_account', 'withdrawals_pending', 'currency', withdrawals.currency, 'amount', -withdrawals.amount),
                       pg_catalog.jsonb_build_object('house_account', 'payouts_card', 'currency', withdrawals.currency, 'amount', withdrawals.card_refund),
                       pg_catalog.jsonb_build_object('house_account', 'payouts_wire', 'currency', withdrawals.currency, 'amount', withdrawals.amount - withdrawals.card_refund))
                   else pg_catalog.jsonb_build_array(
                       pg_catalog.jsonb_build_object('house_account', 'withdrawals_pending', 'currency', withdrawals.currency, 'amount', -withdrawals.amount),
                       pg_catalog.jsonb_build_object('account_id', withdrawals.account_id, 'currency', withdrawals.currency, 'amount', withdrawals.amount))
               end
        from history_withdrawals as withdrawals
        where withdrawals.status <> 'requested'
    ) as bookings;

    -- balanced by construction (the suites check every transaction), so the
    -- per-row foreign key and deferred balance triggers are skipped for these
    -- rows: session_replication_role = replica, as seed.backdate_ledger does
    perform pg_catalog.set_config('session_replication_role', 'replica', true);
    insert into crm.ledger_transactions (id, tenant_id, kind, ref_id, created_by, created_at)
    select bookings.id, bookings.tenant_id, bookings.kind, bookings.ref_id, bookings.created_by, bookings.at
    from history_bookings as bookings;
    insert into crm.ledger_entries (tenant_id, transaction_id, account_id, house_account, currency, amount, created_at)
    select bookings.tenant_id, bookings.id, legs.account_id, legs.house_account, legs.currency, legs.amount, bookings.at
    from history_bookings as bookings
    cross join lateral pg_catalog.jsonb_to_recordset(bookings.legs) as legs (account_id uuid, house_account text, currency text, amount numeric)
    where legs.amount <> 0;
    perform pg_catalog.set_config('session_replication_role', 'origin', true);

    -- the lifecycle: funded at the first deposit, active at the first position
    insert into crm.client_events (tenant_id, client_id, from_status, to_status, reason, user_id, at)
    select moves.tenant_id, moves.client_id, moves.from_status, moves.to_status, moves.reason, moves.user_id, moves.at
    from (
        select history_accounts.tenant_id, history_accounts.client_id, 'approved' as from_status, 'funded' as to_status,
               'first deposit' as reason, history_accounts.finance_id as user_id, history_accounts.first_deposit_at as at
        from history_accounts
        union all
        select positions.tenant_id, positions.client_id, 'funded', 'active', 'first position', positions.user_id,
               pg_catalog.min(positions.opened_at)
        from history_positions as positions
        group by positions.tenant_id, positions.client_id, positions.user_id
    ) as moves;
    update crm.clients as clients
    set status = case when traded.first_at is not null then 'active' else 'funded' end,
        status_changed_at = coalesce(traded.first_at, history_accounts.first_deposit_at)
    from history_accounts
    left join (select positions.account_id, pg_catalog.min(positions.opened_at) as first_at
               from history_positions as positions
               group by positions.account_id) as traded on traded.account_id = history_accounts.account_id
    where history_accounts.client_id = clients.id;

    perform seed.audit(true);
    return opened;
end
$$;
comment on function seed.generate_money_history(uuid[], int) is 'Dev seed only: a months-long trading and payment history (account, deposits, positions with realized P&L and IB commissions, AML cases, withdrawals, and every ledger booking and lifecycle event the API would write) for each listed KYC-approved client without an account (one without a login gets one, password demo), written set-based at historical times and without audit rows. Returns the number of accounts opened.';

create function seed.funded_account(client_email text, currency text, finance_email text, amount numeric,
                                    method text, provider_ref text, card_last4 text, days_ago int)
returns uuid
language plpgsql
volatile
set search_path = ''
as $$
declare
    client_id uuid;
    account_id uuid;
    deposit_id uuid;
begin
    select clients.id into strict client_id
    from crm.clients as clients
    join core.users as users on users.id = clients.user_id
    where users.email = funded_account.client_email;

    perform seed.as_user(funded_account.client_email);
    account_id := crm_api.open_account(client_id, funded_account.currency, 30);
    update crm.accounts as accounts
    set created_at = now() - pg_catalog.make_interval(days => funded_account.days_ago + 1)
    where accounts.id = account_id;

    perform seed.as_user(funded_account.finance_email);
    deposit_id := crm_api.record_deposit(account_id, funded_account.amount, funded_account.method,
                                         funded_account.provider_ref, funded_account.card_last4);
    update crm.deposits as deposits
    set created_at = now() - pg_catalog.make_interval(days => funded_account.days_ago)
    where deposits.id = deposit_id;
    perform seed.backdate_ledger(deposit_id, now() - pg_catalog.make_interval(days => funded_account.days_ago));
    perform seed.as_nobody();
    return account_id;
end
$$;
comment on function seed.funded_account(text, text, text, numeric, text, text, text, int) is 'Dev seed only: opens an account at 1:30 for a demo client (through crm_api, as the client), opened days_ago + 1 days ago, and funds it with one deposit recorded days_ago days ago by the brokerage''s finance user. Returns the account id.';

-- client1: one EUR account at 1:30, funded with 10,000 EUR by wire two months ago
select seed.funded_account('client1@crm.demo', 'EUR', 'finance@crm.demo', 10000, 'wire', 'SEED-CLIENT1-WIRE-0001', null, 61);

-- client@other-crm.demo: one funded USD account in the other brokerage
select seed.funded_account('client@other-crm.demo', 'USD', 'finance@other-crm.demo', 5000, 'card', 'SEED-OTHER-CARD-0001', '4242', 39);

-- the generated clients of 020_clients.sql: six months of history
-- (the ids are read first: the generator switches audit triggers of
-- crm.clients, which no statement of this session may hold open meanwhile)
select pg_catalog.setseed(0.50);
do $$
declare
    client_ids uuid[] := array(
        select clients.id
        from crm.clients as clients
        join core.tenants as tenants on tenants.id = clients.tenant_id
        where tenants.app = 'crm'
          and tenants.name = 'Demo Brokerage'
        order by clients.created_at, clients.id);
begin
    perform seed.generate_money_history(client_ids, 6);
end
$$;

select seed.as_nobody();
