-- The CRM's row level security policies at the tables themselves, where the
-- API views' own tenant filters cannot hide a loose policy: crm_reader (the
-- owner of the private read views, for whom the policies are written) reads
-- each reference, rule and organisation table directly, acting as a user of
-- the demo brokerage, and must see that brokerage's rows or the defaults
-- (rows without a tenant) — the positive control — and not one row of the
-- other brokerage. Where a policy names the audiences (a role list), a role
-- outside it sees nothing of the table; and as every policy here asks for a
-- tenant in the claims, an anonymous request sees nothing, not even the
-- defaults.
--
-- How: tests.rows_seen (tests/setup/020_policies.sql) counts, table by
-- table, the rows the calling role sees of the acting brokerage (own),
-- without a tenant (defaults) and of every other tenant (others). Read as
-- the test superuser it shows that the rows to hide exist; read as
-- crm_reader under an audience's claims it gives that audience's matrix
-- over all the tables, (own > 0, defaults > 0, others), compared whole: a
-- policy dropped empties a cell that must be true, a policy made `true`
-- fills an others cell, or the row of a table the audience must not see.
-- The seed gives the reference and rule tables defaults only, so the demo
-- brokerage's own cells of those tables are false for every audience.
-- crm.ledger_transactions' account viewer policy turns on the entries the
-- caller sees, not on the tenant alone: a client's and a manager's reads of
-- it keep their own hand-written checks beside the matrices.
--
-- Fixtures, written as the test superuser: the seed gives the other
-- brokerage desks, staff, mark prices and a ledger transaction; this
-- transaction adds its own symbol, leverage cap, price tolerance, lot size,
-- margin rule, routing rule, lifecycle move, fx rate (SEK, a currency no
-- position uses, so the margin trigger has nothing to judge), AML rule, IB
-- commission rate and commission rule, and an IB with a negotiated rate (and
-- one for the demo brokerage's IB, the positive control of that table).
--
-- crm.leverage_caps, crm.price_tolerances, crm.lot_sizes and crm.margin_rules
-- are granted to no role today (the definer functions read them; the
-- policies keep a future grant in bounds, says instruments.sql): this
-- transaction grants select on them to crm_reader, so that the policies are
-- what decides; the grant is rolled back with the rest.
begin;
select plan(9);
-- the reads below count whole tables through every policy at once (the
-- ledger's: ~90 subplans), which no API read does: their estimated cost
-- passes jit_above_cost, and compiling them took longer than running them
set local jit = off;

do $$
declare
    demo uuid := (select id from core.tenants where app = 'crm' and name = 'Demo Brokerage');
    other uuid := (select id from core.tenants where app = 'crm' and name = 'Other Brokerage');
    other_manager uuid := (select id from core.users where app = 'crm' and email = 'manager@other-crm.demo');
    other_ib_user uuid;
    other_ib uuid;
begin
    perform pg_catalog.set_config('tap.demo', demo::text, true);
    perform pg_catalog.set_config('tap.other', other::text, true);

    insert into crm.instruments (symbol, tenant_id, instrument_class, base_currency, quote_currency, contract_size)
    values ('OTHERIDX', other, 'index_major', 'OTHER', 'EUR', 1);
    insert into crm.leverage_caps (tenant_id, classification, instrument_class, max_leverage, legal_basis)
    values (other, 'retail', 'fx_major', 10, 'other brokerage risk policy');
    insert into crm.price_tolerances (tenant_id, instrument_class, max_deviation) values (other, 'fx_major', 0.001);
    insert into crm.lot_sizes (tenant_id, instrument_class, lot_step, min_lots, max_lots) values (other, 'fx_major', 0.1, 0.1, 10);
    insert into crm.margin_rules (tenant_id, margin_call_level, stop_out_level) values (other, 120, 60);
    insert into crm.country_rules (tenant_id, country, agent_id) values (other, 'FR', other_manager);
    insert into crm.status_transitions (tenant_id, from_status, to_status) values (other, 'closed', 'lead');
    insert into crm.fx_rates (tenant_id, currency, rate_on, eur_per_unit) values (other, 'SEK', current_date, 0.087);
    insert into crm.aml_rules (tenant_id, threshold_eur, window_length) values (other, 10000, interval '3 days');
    insert into crm.ib_commission_rates (tenant_id, instrument_class, ib_level, usd_per_lot) values (other, 'fx_major', 1, 7);
    insert into crm.commission_rules (tenant_id, min_hold) values (other, interval '5 minutes');

    other_ib_user := core.create_user(other, 'policies.ib@other-crm.test', 'Other Policies IB', 'crm_ib');
    insert into crm.ibs (tenant_id, user_id, referral_code) values (other, other_ib_user, 'POLICIESOTHER')
    returning id into other_ib;
    insert into crm.ib_rate_overrides (tenant_id, ib_id, instrument_class, usd_per_lot) values (other, other_ib, 'fx_major', 4);
    insert into crm.ib_rate_overrides (tenant_id, ib_id, instrument_class, usd_per_lot)
    select demo, ibs.id, 'fx_major', 4
    from crm.ibs as ibs
    join core.users as users on users.id = ibs.user_id
    where users.app = 'crm' and users.email = 'ib1@crm.demo';
end
$$;

grant select on crm.leverage_caps, crm.price_tolerances, crm.lot_sizes, crm.margin_rules to crm_reader;

-- the tables under test, for every read below
select set_config('tap.tables',
                  '{crm.aml_rules,crm.commission_rules,crm.country_rules,crm.desks,crm.fx_rates,crm.ib_commission_rates,'
                  'crm.ib_rate_overrides,crm.ibs,crm.instruments,crm.ledger_transactions,crm.leverage_caps,crm.lot_sizes,'
                  'crm.margin_rules,crm.price_tolerances,crm.prices,crm.staff,crm.status_transitions}', true);

-- the hidden rows exist: every table holds a row of the other brokerage
select is_empty($$
    select name from tests.rows_seen(current_setting('tap.tables')::regclass[], current_setting('tap.other')::uuid)
    where own = 0
$$, 'every table under test holds a row of the other brokerage');

-- 1. an agent of the demo brokerage: reference data and rule tables (the
-- defaults), desks, staff, IBs, mark prices; no margin rule (neither manager nor
-- finance), no routing rule (not a manager), no ledger, no negotiated rate
select tests.act_as('agent1@crm.demo');
set local role crm_reader;
select set_eq(
    $$select name, own > 0 as has_own, defaults > 0 as has_defaults, others
      from tests.rows_seen(current_setting('tap.tables')::regclass[], current_setting('tap.demo')::uuid)$$,
    $$values ('crm.aml_rules',            false,  true,   0::bigint),
             ('crm.commission_rules',     false,  true,   0::bigint),
             ('crm.country_rules',        false,  false,  0::bigint),
             ('crm.desks',                true,   false,  0::bigint),
             ('crm.fx_rates',             false,  true,   0::bigint),
             ('crm.ib_commission_rates',  false,  true,   0::bigint),
             ('crm.ib_rate_overrides',    false,  false,  0::bigint),
             ('crm.ibs',                  true,   false,  0::bigint),
             ('crm.instruments',          false,  true,   0::bigint),
             ('crm.ledger_transactions',  false,  false,  0::bigint),
             ('crm.leverage_caps',        false,  true,   0::bigint),
             ('crm.lot_sizes',            false,  true,   0::bigint),
             ('crm.margin_rules',         false,  false,  0::bigint),
             ('crm.price_tolerances',     false,  true,   0::bigint),
             ('crm.prices',               true,   false,  0::bigint),
             ('crm.staff',                true,   false,  0::bigint),
             ('crm.status_transitions',   false,  true,   0::bigint)$$,
    'an agent sees the defaults and its brokerage''s desks, staff, IBs and marks, no margin rule, routing rule, ledger '
    'nor negotiated rate, and no row of another brokerage');

-- 2. a manager of the demo brokerage: besides what an agent sees, the
-- default margin rule, routing rules, the ledger of its desk's accounts,
-- negotiated IB rates
select tests.act_as('manager@crm.demo');
set local role crm_reader;
select set_eq(
    $$select name, own > 0 as has_own, defaults > 0 as has_defaults, others
      from tests.rows_seen(current_setting('tap.tables')::regclass[], current_setting('tap.demo')::uuid)$$,
    $$values ('crm.aml_rules',            false,  true,   0::bigint),
             ('crm.commission_rules',     false,  true,   0::bigint),
             ('crm.country_rules',        true,   false,  0::bigint),
             ('crm.desks',                true,   false,  0::bigint),
             ('crm.fx_rates',             false,  true,   0::bigint),
             ('crm.ib_commission_rates',  false,  true,   0::bigint),
             ('crm.ib_rate_overrides',    true,   false,  0::bigint),
             ('crm.ibs',                  true,   false,  0::bigint),
             ('crm.instruments',          false,  true,   0::bigint),
             ('crm.ledger_transactions',  true,   false,  0::bigint),
             ('crm.leverage_caps',        false,  true,   0::bigint),
             ('crm.lot_sizes',            false,  true,   0::bigint),
             ('crm.margin_rules',         false,  true,   0::bigint),
             ('crm.price_tolerances',     false,  true,   0::bigint),
             ('crm.prices',               true,   false,  0::bigint),
             ('crm.staff',                true,   false,  0::bigint),
             ('crm.status_transitions',   false,  true,   0::bigint)$$,
    'a manager sees the defaults, the default margin rule, its brokerage''s routing rules, negotiated rates and ledger, '
    'and no row of another brokerage');

-- a client and a desk manager: exactly the ledger transactions with an
-- entry on an account they see (not the brokerage's whole ledger); the
-- policy turns on the entries, not on the tenant, so these reads are
-- written out
reset role;
create temp table seen_transactions as
select 'client1'::text as who, entries.transaction_id as id
from crm.ledger_entries as entries
join crm.accounts as accounts on accounts.id = entries.account_id
join crm.clients as clients on clients.id = accounts.client_id
where clients.tenant_id = current_setting('tap.demo')::uuid and lower(clients.email) = 'client1@crm.demo'
group by entries.transaction_id;
grant select on seen_transactions to public;
select ok((select count(*) from seen_transactions) > 0
          and (select count(*) from crm.ledger_transactions where tenant_id = current_setting('tap.demo')::uuid)
              > (select count(*) from seen_transactions),
          'the brokerage''s ledger holds client1''s transactions and others (the case below is not vacuous)');
select tests.act_as('client1@crm.demo');
set local role crm_reader;
select set_eq($$select id from crm.ledger_transactions$$, $$select id from seen_transactions where who = 'client1'$$,
              'ledger_transactions: a client sees exactly the transactions with an entry on its own accounts');
select tests.act_as('manager@crm.demo');
set local role crm_reader;
select is((select count(*) from crm.ledger_transactions as transactions
           where not exists (select from crm.ledger_entries as entries where entries.transaction_id = transactions.id)), 0::bigint,
          'ledger_transactions: a manager sees no transaction without an entry on an account it sees');

-- 3. finance of the demo brokerage: the whole ledger of its brokerage, the
-- default margin rule and the negotiated rates; no routing rule
select tests.act_as('finance@crm.demo');
set local role crm_reader;
select set_eq(
    $$select name, own > 0 as has_own, defaults > 0 as has_defaults, others
      from tests.rows_seen(current_setting('tap.tables')::regclass[], current_setting('tap.demo')::uuid)$$,
    $$values ('crm.aml_rules',            false,  true,   0::bigint),
             ('crm.commission_rules',     false,  true,   0::bigint),
             ('crm.country_rules',        false,  false,  0::bigint),
             ('crm.desks',                true,   false,  0::bigint),
             ('crm.fx_rates',             false,  true,   0::bigint),
             ('crm.ib_commission_rates',  false,  true,   0::bigint),
             ('crm.ib_rate_overrides',    true,   false,  0::bigint),
             ('crm.ibs',                  true,   false,  0::bigint),
             ('crm.instruments',          false,  true,   0::bigint),
             ('crm.ledger_transactions',  true,   false,  0::bigint),
             ('crm.leverage_caps',        false,  true,   0::bigint),
             ('crm.lot_sizes',            false,  true,   0::bigint),
             ('crm.margin_rules',         false,  true,   0::bigint),
             ('crm.price_tolerances',     false,  true,   0::bigint),
             ('crm.prices',               true,   false,  0::bigint),
             ('crm.staff',                true,   false,  0::bigint),
             ('crm.status_transitions',   false,  true,   0::bigint)$$,
    'finance sees the defaults, its brokerage''s ledger and negotiated rates, no routing rule, '
    'and no row of another brokerage');

-- 4. the demo brokerage's IB: the defaults, the marks, its own IB row and
-- negotiated rate, and nothing of staff's tables
select tests.act_as('ib1@crm.demo');
set local role crm_reader;
select set_eq(
    $$select name, own > 0 as has_own, defaults > 0 as has_defaults, others
      from tests.rows_seen(current_setting('tap.tables')::regclass[], current_setting('tap.demo')::uuid)$$,
    $$values ('crm.aml_rules',            false,  true,   0::bigint),
             ('crm.commission_rules',     false,  true,   0::bigint),
             ('crm.country_rules',        false,  false,  0::bigint),
             ('crm.desks',                false,  false,  0::bigint),
             ('crm.fx_rates',             false,  true,   0::bigint),
             ('crm.ib_commission_rates',  false,  true,   0::bigint),
             ('crm.ib_rate_overrides',    true,   false,  0::bigint),
             ('crm.ibs',                  true,   false,  0::bigint),
             ('crm.instruments',          false,  true,   0::bigint),
             ('crm.ledger_transactions',  false,  false,  0::bigint),
             ('crm.leverage_caps',        false,  true,   0::bigint),
             ('crm.lot_sizes',            false,  true,   0::bigint),
             ('crm.margin_rules',         false,  false,  0::bigint),
             ('crm.price_tolerances',     false,  true,   0::bigint),
             ('crm.prices',               true,   false,  0::bigint),
             ('crm.staff',                false,  false,  0::bigint),
             ('crm.status_transitions',   false,  true,   0::bigint)$$,
    'the IB sees the defaults, the marks, its own IB row and negotiated rate, no desk nor staff (not staff), '
    'and no row of another brokerage');

-- 5. without a tenant in the claims (an anonymous request) no table shows
-- anything, not even the defaults the same reads showed in 1.: every policy
-- here asks for a tenant in the claims
select tests.act_as_anon();
set local role crm_reader;
select set_eq(
    $$select name, own + defaults + others
      from tests.rows_seen(current_setting('tap.tables')::regclass[], null)$$,
    $$values ('crm.aml_rules',            0::bigint),
             ('crm.commission_rules',     0::bigint),
             ('crm.country_rules',        0::bigint),
             ('crm.desks',                0::bigint),
             ('crm.fx_rates',             0::bigint),
             ('crm.ib_commission_rates',  0::bigint),
             ('crm.ib_rate_overrides',    0::bigint),
             ('crm.ibs',                  0::bigint),
             ('crm.instruments',          0::bigint),
             ('crm.ledger_transactions',  0::bigint),
             ('crm.leverage_caps',        0::bigint),
             ('crm.lot_sizes',            0::bigint),
             ('crm.margin_rules',         0::bigint),
             ('crm.price_tolerances',     0::bigint),
             ('crm.prices',               0::bigint),
             ('crm.staff',                0::bigint),
             ('crm.status_transitions',   0::bigint)$$,
    'without a tenant in the claims a reader sees no row of any table, not even the defaults');

select * from finish();
rollback;
