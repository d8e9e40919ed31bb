-- IB commissions: per-lot rates by instrument class and level in the
-- chain, sub-IB overrides, minimum hold time, no self-rebate.
begin;
select plan(27);

create temp table ids (k text primary key, id uuid);
grant all on ids to public;

-- a sub-IB under ib1, and clients of it
insert into ids select 'demo', id from core.tenants where name = 'Demo Brokerage';
insert into ids select 'ib1', ibs.id from crm.ibs join core.users on users.id = ibs.user_id where users.email = 'ib1@crm.demo';
insert into ids select 'ib2_user', core.create_user((select id from ids where k = 'demo'), 'ib2@example.org', 'Sub Broker', 'crm_ib', 'demo');
insert into crm.ibs (tenant_id, user_id, parent_id, referral_code)
values ((select id from ids where k = 'demo'), (select id from ids where k = 'ib2_user'), (select id from ids where k = 'ib1'), 'IB2SUB');
insert into ids select 'ib2', id from crm.ibs where referral_code = 'IB2SUB';
select is((select level from crm.ibs where id = (select id from ids where k = 'ib2')), 2, 'a sub-IB sits at level 2');

select tests.act_as_anon();
insert into ids select 'client', crm_api.register_lead('ib.client@example.org', 'Ina Client', 'FR', null, 'IB2SUB');
insert into ids select 'self', crm_api.register_lead('ib2@example.org', 'Sub Broker', 'FR', null, 'IB2SUB');
reset role;
insert into crm.accounts (tenant_id, client_id, currency, leverage)
select tenant_id, id, 'USD', 30 from crm.clients where id in ((select id from ids where k = 'client'), (select id from ids where k = 'self'));

create function pg_temp.closed_position(client uuid, symbol text, lots numeric, held interval)
returns uuid
language sql
as $$
    insert into crm.positions (tenant_id, account_id, symbol, side, lots, open_price, leverage, margin, opened_at, close_price, closed_at, realized_pnl)
    select accounts.tenant_id, accounts.id, closed_position.symbol, 'buy', closed_position.lots, 1.1, 30, 1000,
           now() - closed_position.held, 1.2, now(), 10
    from crm.accounts where accounts.client_id = closed_position.client
    returning positions.id
$$;

-- a client of the sub-IB trades 2 lots of EURUSD for ten minutes
insert into ids select 'p1', pg_temp.closed_position((select id from ids where k = 'client'), 'EURUSD', 2, interval '10 minutes');
select lives_ok($$select crm_private.accrue_ib_commission((select id from ids where k = 'p1'))$$, 'commission accrues on a closed position');
select results_eq(
    $$select ib_id, ib_level, amount, currency from crm.ib_commissions where position_id = (select id from ids where k = 'p1') order by ib_level$$,
    $$values ((select id from ids where k = 'ib2'), 1, 10.00, 'USD'::text), ((select id from ids where k = 'ib1'), 2, 4.00, 'USD'::text)$$,
    'the sub-IB earns the level-1 rate (5 USD/lot), its parent the level-2 rate (2 USD/lot)');
select lives_ok($$select crm_private.accrue_ib_commission((select id from ids where k = 'p1'))$$, 'accruing twice is harmless');
select is((select count(*) from crm.ib_commissions where position_id = (select id from ids where k = 'p1')), 2::bigint,
    'accruing twice pays once');

-- each commission is owed from the moment it accrues: booked in the ledger
select results_eq(
    $$select entries.house_account, entries.currency, entries.amount
      from crm.ledger_entries as entries
      join crm.ledger_transactions as transactions on transactions.id = entries.transaction_id
      join crm.ib_commissions as commissions on commissions.id = transactions.ref_id
      where transactions.kind = 'ib_commission' and commissions.position_id = (select id from ids where k = 'p1')
      order by entries.amount, entries.house_account$$,
    $$values ('ib_commission_expense'::text, 'USD'::text, -10.00), ('ib_commission_expense', 'USD', -4.00),
             ('ib_payables', 'USD', 4.00), ('ib_payables', 'USD', 10.00)$$,
    'each commission is booked once: the brokerage''s commission expense against the IBs'' payable (accruing twice booked nothing more)');

-- instrument class: gold pays more
insert into ids select 'p2', pg_temp.closed_position((select id from ids where k = 'client'), 'XAUUSD', 1, interval '1 hour');
select crm_private.accrue_ib_commission((select id from ids where k = 'p2'));
select is((select amount from crm.ib_commissions where position_id = (select id from ids where k = 'p2') and ib_level = 1), 8.00,
    'the rate depends on the instrument class (gold 8 USD/lot)');

-- a sub-IB override replaces its level rate; the parent keeps its own
insert into crm.ib_rate_overrides (tenant_id, ib_id, instrument_class, usd_per_lot) values ((select id from ids where k = 'demo'), (select id from ids where k = 'ib2'), 'fx_major', 7);
insert into ids select 'p3', pg_temp.closed_position((select id from ids where k = 'client'), 'GBPUSD', 1, interval '1 hour');
select crm_private.accrue_ib_commission((select id from ids where k = 'p3'));
select results_eq(
    $$select ib_level, amount from crm.ib_commissions where position_id = (select id from ids where k = 'p3') order by ib_level$$,
    $$values (1, 7.00), (2, 2.00)$$,
    'the sub-IB override (7 USD/lot) applies; the parent still earns its level rate');

-- minimum hold time
insert into ids select 'p4', pg_temp.closed_position((select id from ids where k = 'client'), 'EURUSD', 5, interval '30 seconds');
select crm_private.accrue_ib_commission((select id from ids where k = 'p4'));
select is((select count(*) from crm.ib_commissions where position_id = (select id from ids where k = 'p4')), 0::bigint,
    'a trade held under the minimum hold time earns nothing');

-- no self-rebate: the sub-IB trading on its own account earns nothing
insert into ids select 'p5', pg_temp.closed_position((select id from ids where k = 'self'), 'EURUSD', 3, interval '1 hour');
select crm_private.accrue_ib_commission((select id from ids where k = 'p5'));
select is((select count(*) from crm.ib_commissions where position_id = (select id from ids where k = 'p5') and ib_id = (select id from ids where k = 'ib2')),
    0::bigint, 'no self-rebate: an IB earns nothing on its own trades');

-- an open position cannot accrue
insert into crm.positions (tenant_id, account_id, symbol, side, lots, open_price, leverage, margin)
select tenant_id, id, 'EURUSD', 'buy', 1, 1.1, 30, 1000 from crm.accounts where client_id = (select id from ids where k = 'client');
select throws_ok($$select crm_private.accrue_ib_commission((select id from crm.positions where closed_at is null and account_id = (select id from crm.accounts where client_id = (select id from ids where k = 'client'))))$$,
    'PT409', null, 'an open position earns nothing yet (PT409)');

select is(
    (select coalesce(sum(entries.amount), 0) from crm.ledger_entries as entries where entries.house_account = 'ib_payables'),
    (select sum(commissions.amount) from crm.ib_commissions as commissions),
    'the ledger''s ib_payables explain every commission the brokerage owes (the seed''s included)');
select ok((select count(*) from crm.ib_commissions) > 10, 'positive control: there are many commissions to explain');

-- the IB tree has no cycles: a master cannot be placed under its own sub-IB
select throws_ok($$update crm.ibs set parent_id = (select id from ids where k = 'ib2') where id = (select id from ids where k = 'ib1')$$,
    'P0001', null, 'placing an IB under its own sub-IB is refused (P0001)');

-- who sees what
select tests.act_as('ib2@example.org');
select is((select sum(amount) from crm_api.ib_commissions), 25.00, 'the sub-IB sees its own commissions');
select tests.act_as('ib1@crm.demo');
select is((select count(*) from crm_api.ib_commissions where ib_id = (select id from ids where k = 'ib2')), 0::bigint,
    'the parent IB does not see its sub-IB''s commissions');
select is((select sum(amount) from crm_api.ib_commissions where position_id in (select id from ids where k like 'p_')), 15.00, 'the parent IB sees its own level-2 commissions (4 + 3 + 2, and 6 on the sub-IB''s own trade)');
select tests.act_as('finance@crm.demo');
select ok((select count(*) from crm_api.ib_commissions) >= 6, 'finance sees the brokerage''s commissions');
select tests.act_as('manager@crm.demo');
select ok((select count(*) from crm_api.ib_commissions) >= 6, 'the manager sees the brokerage''s commissions');
select tests.act_as('agent1@crm.demo');
select is((select count(*) from crm_api.ib_commissions), 0::bigint, 'an agent sees no commissions');
select tests.act_as('manager@other-crm.demo');
select is((select count(*) from crm_api.ib_commissions), 0::bigint, 'the other brokerage sees none');

select tests.act_as('compliance@crm.demo');
select is((select count(*) from crm_api.ib_commissions), 0::bigint, 'compliance sees no commissions');
select tests.act_as('client1@crm.demo');
select is((select count(*) from crm_api.ib_commissions), 0::bigint, 'a client sees no commissions');

-- the boundaries: a trade held exactly the minimum time earns; a rate of
-- zero earns nothing; a commission that rounds to zero cents is not booked
reset role;
select set_config('t.min_hold', (select min_hold::text from crm.commission_rules
    where tenant_id is null or tenant_id = (select id from ids where k = 'demo') order by tenant_id nulls last limit 1), true);
insert into ids select 'p_edge', pg_temp.closed_position((select id from ids where k = 'client'), 'EURUSD', 1, current_setting('t.min_hold')::interval);
select crm_private.accrue_ib_commission((select id from ids where k = 'p_edge'));
select is((select count(*) from crm.ib_commissions where position_id = (select id from ids where k = 'p_edge')), 2::bigint,
    'a trade held exactly the minimum time earns its commissions');
insert into crm.ib_rate_overrides (tenant_id, ib_id, instrument_class, usd_per_lot)
values ((select id from ids where k = 'demo'), (select id from ids where k = 'ib2'), 'fx_major', 0)
on conflict (ib_id, instrument_class) do update set usd_per_lot = excluded.usd_per_lot;
insert into ids select 'p_zero_rate', pg_temp.closed_position((select id from ids where k = 'client'), 'GBPUSD', 1, interval '1 hour');
select crm_private.accrue_ib_commission((select id from ids where k = 'p_zero_rate'));
select is((select array_agg(ib_id) from crm.ib_commissions where position_id = (select id from ids where k = 'p_zero_rate')),
    array[(select id from ids where k = 'ib1')], 'an override of zero earns the sub-IB nothing, its parent still earns');
update crm.ib_rate_overrides set usd_per_lot = 0.4 where ib_id = (select id from ids where k = 'ib2') and instrument_class = 'fx_major';
insert into ids select 'p_tiny', pg_temp.closed_position((select id from ids where k = 'client'), 'GBPUSD', 0.01, interval '1 hour');
select crm_private.accrue_ib_commission((select id from ids where k = 'p_tiny'));
select is((select count(*) from crm.ledger_transactions as transactions
           join crm.ib_commissions as commissions on commissions.id = transactions.ref_id
           where transactions.kind = 'ib_commission' and commissions.position_id = (select id from ids where k = 'p_tiny')
             and commissions.ib_id = (select id from ids where k = 'ib2')), 0::bigint,
    '0.01 lot at 0.40 USD/lot rounds to no cent: nothing is booked for it');
-- the chain is paid at most ten levels up: a client at the foot of a chain
-- of eleven IBs, with the brokerage paying 1 USD/lot at every level
insert into crm.ib_commission_rates (tenant_id, instrument_class, ib_level, usd_per_lot)
select (select id from ids where k = 'demo'), 'fx_major', level, 1 from generate_series(1, 11) as level
on conflict (tenant_id, instrument_class, ib_level) do update set usd_per_lot = excluded.usd_per_lot;
do $$
declare
    parent uuid;
    user_id uuid;
begin
    for i in 1..11 loop
        user_id := core.create_user((select id from ids where k = 'demo'), 'chain' || i || '@example.org', 'Chain Broker ' || i, 'crm_ib');  -- no login needed
        insert into crm.ibs (tenant_id, user_id, parent_id, referral_code)
        values ((select id from ids where k = 'demo'), user_id, parent, 'CHAIN' || i)
        returning id into parent;
    end loop;
end
$$;
insert into ids select 'chain_client', crm_api.register_lead('chain.client@example.org', 'Chad Chain', 'FR', null, 'CHAIN11');
insert into crm.accounts (tenant_id, client_id, currency, leverage)
select tenant_id, id, 'USD', 30 from crm.clients where id = (select id from ids where k = 'chain_client');
insert into ids select 'p_chain', pg_temp.closed_position((select id from ids where k = 'chain_client'), 'EURUSD', 1, interval '1 hour');
select crm_private.accrue_ib_commission((select id from ids where k = 'p_chain'));
select results_eq(
    $$select min(ib_level), max(ib_level), count(*)::int from crm.ib_commissions where position_id = (select id from ids where k = 'p_chain')$$,
    $$values (1, 10, 10)$$,
    'ten levels of the chain earn, the eleventh (the master IB) does not');

select * from finish();
rollback;
