-- Demo accounts and money (CRM-2), written through the API functions with
-- the acting user's claims (seed.as_user), then backdated where history
-- needs to span months. Runs after the clients of 020_clients.sql.

-- Backdates the ledger transactions (and their entries) that book ref_id,
-- optionally only those of one kind. The ledger is append-only for every
-- session role; a superuser seed may switch session_replication_role to
-- replica for this one update, which skips the append-only (and audit)
-- triggers. Dev only.
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
-- without a login gets one, password demo) a trading history over the last months: an account, one to three
-- deposits (cards and wires), a few positions mostly closed with realized
-- P&L (and IB commissions), sometimes a withdrawal approved, rejected or
-- still pending. Every step goes through crm_api as the client or the
-- brokerage's finance user; timestamps are then backdated. Returns the
-- number of accounts opened.
create function seed.generate_money_history(client_ids uuid[], months int default 6)
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
    symbols constant text[] := array['EURUSD', 'GBPUSD', 'USDJPY', 'EURGBP', 'XAUUSD', 'US500', 'DE40', 'BTCUSD'];
    bases constant numeric[] := array[1.08, 1.27, 150.0, 0.85, 2300, 5200, 18000, 60000];
    decimals constant int[] := array[5, 5, 3, 5, 2, 1, 1, 0];
    lot_sizes constant numeric[] := array[0.10, 0.05, 0.10, 0.05, 0.02, 1, 1, 0.01];
    currencies constant text[] := array['EUR', 'EUR', 'EUR', 'USD', 'GBP', 'CHF'];
    client record;
    finance_email text;
    new_account_id uuid;
    new_deposit_id uuid;
    new_position_id uuid;
    new_withdrawal_id uuid;
    clock timestamptz;
    opened timestamptz;
    closed timestamptz;
    pick int;
    open_price numeric;
    free numeric;
    accounts_opened int := 0;
begin
    for client in
        select clients.id, clients.tenant_id, clients.classification, clients.created_at, clients.user_id, clients.email
        from crm.clients as clients
        where clients.id = any (generate_money_history.client_ids)
          and clients.status in ('approved', 'funded', 'active')
          and not exists (select from crm.accounts as accounts where accounts.client_id = clients.id)
        order by clients.created_at, clients.id
    loop
        -- a client who trades logs in: onboarded leads get their login now
        if client.user_id is null then
            perform crm_private.grant_client_login(client.id, 'demo');
        end if;
        select users.email
        into finance_email
        from core.users as users
        where users.tenant_id = client.tenant_id
          and users.role = 'crm_finance'
          and users.is_active
        order by users.created_at, users.id
        limit 1;
        continue when finance_email is null;

        clock := least(greatest(client.created_at, now() - pg_catalog.make_interval(months => generate_money_history.months)),
                       now() - interval '20 days')
                 + interval '1 day' * pg_catalog.random() * 3;

        perform seed.as_user(client.email);
        new_account_id := crm_api.open_account(
            client.id,
            currencies[1 + pg_catalog.floor(pg_catalog.random() * pg_catalog.array_length(currencies, 1))::int],
            case client.classification when 'professional' then 100 else 30 end);
        update crm.accounts as accounts set created_at = clock where accounts.id = new_account_id;
        accounts_opened := accounts_opened + 1;

        -- deposits: cards and wires, 500 to 10,000
        for i in 1 .. 1 + pg_catalog.floor(pg_catalog.random() * 3)::int loop
            clock := least(clock + interval '1 day' * pg_catalog.random() * 12, now() - interval '1 hour');
            perform seed.as_user(finance_email);
            if pg_catalog.random() < 0.6 then
                new_deposit_id := crm_api.record_deposit(new_account_id, pg_catalog.round(500 + (pg_catalog.random() * 95)::numeric * 100, 2),
                                                     'card', 'seed-' || pg_catalog.replace(pg_catalog.gen_random_uuid()::text, '-', ''),
                                                     pg_catalog.lpad((pg_catalog.floor(pg_catalog.random() * 10000))::int::text, 4, '0'));
            else
                new_deposit_id := crm_api.record_deposit(new_account_id, pg_catalog.round(1000 + (pg_catalog.random() * 90)::numeric * 100, 2),
                                                     'wire', 'seed-' || pg_catalog.replace(pg_catalog.gen_random_uuid()::text, '-', ''));
            end if;
            update crm.deposits as deposits set created_at = clock where deposits.id = new_deposit_id;
            perform seed.backdate_ledger(new_deposit_id, clock);
        end loop;

        -- positions: up to eight, most closed within days
        for i in 1 .. pg_catalog.floor(pg_catalog.random() * 9)::int loop
            pick := 1 + pg_catalog.floor(pg_catalog.random() * pg_catalog.array_length(symbols, 1))::int;
            open_price := pg_catalog.round(bases[pick] * (0.98 + (pg_catalog.random() * 0.04)::numeric), decimals[pick]);
            opened := least(clock + interval '1 hour' * pg_catalog.random() * 240, now() - interval '1 hour');
            perform seed.as_user(client.email);
            begin
                new_position_id := crm_api.open_position(
                    new_account_id, symbols[pick],
                    case when pg_catalog.random() < 0.5 then 'buy' else 'sell' end,
                    lot_sizes[pick] * (1 + pg_catalog.floor(pg_catalog.random() * 3)::int),
                    open_price);
            exception
                when sqlstate 'P0001' then
                    continue;  -- not enough free margin: the client skips this trade
            end;
            update crm.positions as positions set opened_at = opened where positions.id = new_position_id;
            clock := opened;
            if pg_catalog.random() < 0.85 then
                closed := least(opened + interval '1 minute' * (5 + pg_catalog.random() * 7200), now() - interval '1 minute');
                perform crm_api.close_position(
                    new_position_id,
                    pg_catalog.round(open_price * (0.99 + (pg_catalog.random() * 0.02)::numeric), decimals[pick]));
                update crm.positions as positions set closed_at = greatest(closed, positions.opened_at) where positions.id = new_position_id;
                update crm.ib_commissions as ib_commissions set created_at = closed where ib_commissions.position_id = new_position_id;
                perform seed.backdate_ledger(new_position_id, closed);
                clock := closed;
            end if;
        end loop;

        -- a withdrawal for about a third of the clients
        if pg_catalog.random() < 0.35 then
            select state.free_margin into free from crm_private.account_state(new_account_id) as state;
            if free > 100 then
                clock := least(clock + interval '1 day' * pg_catalog.random() * 5, now() - interval '2 hours');
                perform seed.as_user(client.email);
                new_withdrawal_id := crm_api.request_withdrawal(new_account_id, pg_catalog.round(free * (0.1 + (pg_catalog.random() * 0.3)::numeric), 2));
                update crm.withdrawals as withdrawals set requested_at = clock where withdrawals.id = new_withdrawal_id;
                perform seed.backdate_ledger(new_withdrawal_id, clock, 'withdrawal_reservation');
                if pg_catalog.random() < 0.85 then
                    clock := least(clock + interval '1 hour' * (1 + pg_catalog.random() * 47), now() - interval '1 hour');
                    perform seed.as_user(finance_email);
                    perform crm_api.decide_withdrawal(new_withdrawal_id, pg_catalog.random() < 0.8,
                                                      case when pg_catalog.random() < 0.5 then 'checked against the payment history' end);
                    update crm.withdrawals as withdrawals set decided_at = clock where withdrawals.id = new_withdrawal_id;
                    perform seed.backdate_ledger(new_withdrawal_id, clock, 'withdrawal_payout');
                    perform seed.backdate_ledger(new_withdrawal_id, clock, 'withdrawal_release');
                end if;
            end if;
        end if;
    end loop;
    perform seed.as_nobody();
    return accounts_opened;
end
$$;
comment on function seed.generate_money_history(uuid[], int) is 'Dev seed only: a months-long trading and payment history (account, deposits, positions, withdrawals) for each listed KYC-approved client without an account (one without a login gets one), written through crm_api as the client and the brokerage''s finance user, then backdated. Returns the number of accounts opened.';

-- Other Brokerage has no finance user in the demo list; its deposits need one.
do $$
declare
    other_tenant_id uuid;
    finance_id uuid;
begin
    select tenants.id into other_tenant_id from core.tenants as tenants where tenants.app = 'crm' and tenants.name = 'Other Brokerage';
    if not exists (select from core.users as users where users.app = 'crm' and users.email = 'finance@other-crm.demo') then
        finance_id := core.create_user(other_tenant_id, 'finance@other-crm.demo', 'Other Finance', 'crm_finance', 'demo');
        insert into crm.staff (user_id, tenant_id) values (finance_id, other_tenant_id);
    end if;
end
$$;

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
select pg_catalog.setseed(0.50);
select seed.generate_money_history(
    array(
        select clients.id
        from crm.clients as clients
        join core.tenants as tenants on tenants.id = clients.tenant_id
        where tenants.app = 'crm'
          and tenants.name = 'Demo Brokerage'
        order by clients.created_at, clients.id),
    6);

select seed.as_nobody();
