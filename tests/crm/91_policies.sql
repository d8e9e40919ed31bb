-- The CRM's row level security policies at the tables themselves, where the
-- API views' own tenant filters cannot hide a loose policy: crm_reader (the
-- owner of the private read views, for whom the policies are written) reads
-- each reference, rule and organisation table directly, acting as a user of
-- the demo brokerage, and must see that brokerage's rows or the defaults
-- (rows without a tenant) — the positive control — and not one row of the
-- other brokerage. Where a policy names the audiences (a role list), a role
-- outside it sees nothing of the table; where it asks for a tenant in the
-- claims, an anonymous request sees nothing, not even the defaults.
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
select plan(49);

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

-- the hidden rows exist: every table holds a row of the other brokerage
select is_empty($$
    select t.name
    from (values
        ('crm.instruments', (select count(*) from crm.instruments where tenant_id = current_setting('tap.other')::uuid)),
        ('crm.leverage_caps', (select count(*) from crm.leverage_caps where tenant_id = current_setting('tap.other')::uuid)),
        ('crm.price_tolerances', (select count(*) from crm.price_tolerances where tenant_id = current_setting('tap.other')::uuid)),
        ('crm.lot_sizes', (select count(*) from crm.lot_sizes where tenant_id = current_setting('tap.other')::uuid)),
        ('crm.margin_rules', (select count(*) from crm.margin_rules where tenant_id = current_setting('tap.other')::uuid)),
        ('crm.ledger_transactions', (select count(*) from crm.ledger_transactions where tenant_id = current_setting('tap.other')::uuid)),
        ('crm.desks', (select count(*) from crm.desks where tenant_id = current_setting('tap.other')::uuid)),
        ('crm.staff', (select count(*) from crm.staff where tenant_id = current_setting('tap.other')::uuid)),
        ('crm.country_rules', (select count(*) from crm.country_rules where tenant_id = current_setting('tap.other')::uuid)),
        ('crm.ib_rate_overrides', (select count(*) from crm.ib_rate_overrides where tenant_id = current_setting('tap.other')::uuid)),
        ('crm.prices', (select count(*) from crm.prices where tenant_id = current_setting('tap.other')::uuid)),
        ('crm.status_transitions', (select count(*) from crm.status_transitions where tenant_id = current_setting('tap.other')::uuid)),
        ('crm.fx_rates', (select count(*) from crm.fx_rates where tenant_id = current_setting('tap.other')::uuid)),
        ('crm.aml_rules', (select count(*) from crm.aml_rules where tenant_id = current_setting('tap.other')::uuid)),
        ('crm.ib_commission_rates', (select count(*) from crm.ib_commission_rates where tenant_id = current_setting('tap.other')::uuid)),
        ('crm.commission_rules', (select count(*) from crm.commission_rules where tenant_id = current_setting('tap.other')::uuid))
    ) as t (name, hidden)
    where t.hidden = 0
$$, 'every table under test holds a row of the other brokerage');

-- 1. an agent of the demo brokerage: reference data (defaults and its own),
-- rule tables (defaults and its own overrides), desks, staff, mark prices
select tests.act_as('agent1@crm.demo');
set local role crm_reader;

select ok((select count(*) from crm.instruments where tenant_id is null) > 0,
          'instruments: an agent sees the symbols every brokerage offers');
select is((select count(*) from crm.instruments where tenant_id = current_setting('tap.other')::uuid), 0::bigint,
          'instruments: an agent sees no symbol of another brokerage');
select ok((select count(*) from crm.leverage_caps where tenant_id is null) > 0,
          'leverage_caps: an agent sees the default caps');
select is((select count(*) from crm.leverage_caps where tenant_id = current_setting('tap.other')::uuid), 0::bigint,
          'leverage_caps: an agent sees no cap of another brokerage');
select ok((select count(*) from crm.price_tolerances where tenant_id is null) > 0,
          'price_tolerances: an agent sees the default tolerances');
select is((select count(*) from crm.price_tolerances where tenant_id = current_setting('tap.other')::uuid), 0::bigint,
          'price_tolerances: an agent sees no tolerance of another brokerage');
select ok((select count(*) from crm.lot_sizes where tenant_id is null) > 0,
          'lot_sizes: an agent sees the default lot sizes');
select is((select count(*) from crm.lot_sizes where tenant_id = current_setting('tap.other')::uuid), 0::bigint,
          'lot_sizes: an agent sees no lot size of another brokerage');
select is((select count(*) from crm.margin_rules), 0::bigint,
          'margin_rules: an agent (neither manager nor finance) sees no margin rule');
select is((select count(*) from crm.ledger_transactions), 0::bigint,
          'ledger_transactions: an agent sees no ledger transaction');
select ok((select count(*) from crm.desks where tenant_id = current_setting('tap.demo')::uuid) > 0,
          'desks: an agent sees its brokerage''s desks');
select is((select count(*) from crm.desks where tenant_id = current_setting('tap.other')::uuid), 0::bigint,
          'desks: an agent sees no desk of another brokerage');
select ok((select count(*) from crm.staff where tenant_id = current_setting('tap.demo')::uuid) > 0,
          'staff: an agent sees its brokerage''s staff');
select is((select count(*) from crm.staff where tenant_id = current_setting('tap.other')::uuid), 0::bigint,
          'staff: an agent sees no staff of another brokerage');
select is((select count(*) from crm.country_rules), 0::bigint,
          'country_rules: an agent (not a manager) sees no routing rule');
select is((select count(*) from crm.ib_rate_overrides), 0::bigint,
          'ib_rate_overrides: an agent sees no negotiated IB rate');
select ok((select count(*) from crm.prices where tenant_id = current_setting('tap.demo')::uuid) > 0,
          'prices: an agent sees its brokerage''s marks');
select is((select count(*) from crm.prices where tenant_id = current_setting('tap.other')::uuid), 0::bigint,
          'prices: an agent sees no mark of another brokerage');
select ok((select count(*) from crm.status_transitions where tenant_id is null) > 0,
          'status_transitions: an agent sees the default moves');
select is((select count(*) from crm.status_transitions where tenant_id = current_setting('tap.other')::uuid), 0::bigint,
          'status_transitions: an agent sees no move of another brokerage');
select ok((select count(*) from crm.fx_rates where tenant_id is null) > 0,
          'fx_rates: an agent sees the reference rates');
select is((select count(*) from crm.fx_rates where tenant_id = current_setting('tap.other')::uuid), 0::bigint,
          'fx_rates: an agent sees no rate of another brokerage');
select ok((select count(*) from crm.aml_rules where tenant_id is null) > 0,
          'aml_rules: an agent sees the default AML rule');
select is((select count(*) from crm.aml_rules where tenant_id = current_setting('tap.other')::uuid), 0::bigint,
          'aml_rules: an agent sees no AML rule of another brokerage');
select ok((select count(*) from crm.ib_commission_rates where tenant_id is null) > 0,
          'ib_commission_rates: an agent sees the default rates');
select is((select count(*) from crm.ib_commission_rates where tenant_id = current_setting('tap.other')::uuid), 0::bigint,
          'ib_commission_rates: an agent sees no rate of another brokerage');
select ok((select count(*) from crm.commission_rules where tenant_id is null) > 0,
          'commission_rules: an agent sees the default rule');
select is((select count(*) from crm.commission_rules where tenant_id = current_setting('tap.other')::uuid), 0::bigint,
          'commission_rules: an agent sees no rule of another brokerage');

-- 2. a manager of the demo brokerage: margin rules, routing rules, the
-- ledger of its desk's accounts, negotiated IB rates
select tests.act_as('manager@crm.demo');
set local role crm_reader;

select ok((select count(*) from crm.margin_rules where tenant_id is null) > 0,
          'margin_rules: a manager sees the default margin rule');
select is((select count(*) from crm.margin_rules where tenant_id = current_setting('tap.other')::uuid), 0::bigint,
          'margin_rules: a manager sees no margin rule of another brokerage');
select ok((select count(*) from crm.country_rules where tenant_id = current_setting('tap.demo')::uuid) > 0,
          'country_rules: a manager sees its brokerage''s routing rules');
select is((select count(*) from crm.country_rules where tenant_id = current_setting('tap.other')::uuid), 0::bigint,
          'country_rules: a manager sees no routing rule of another brokerage');
select ok((select count(*) from crm.ib_rate_overrides where tenant_id = current_setting('tap.demo')::uuid) > 0,
          'ib_rate_overrides: a manager sees its brokerage''s negotiated IB rates');
select is((select count(*) from crm.ib_rate_overrides where tenant_id = current_setting('tap.other')::uuid), 0::bigint,
          'ib_rate_overrides: a manager sees no negotiated rate of another brokerage');

-- a client and a desk manager: exactly the ledger transactions with an
-- entry on an account they see (not the brokerage's whole ledger)
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

-- 3. finance of the demo brokerage: the whole ledger of its brokerage
select tests.act_as('finance@crm.demo');
set local role crm_reader;

select ok((select count(*) from crm.ledger_transactions where tenant_id = current_setting('tap.demo')::uuid) > 0,
          'ledger_transactions: finance sees its brokerage''s ledger');
select is((select count(*) from crm.ledger_transactions where tenant_id = current_setting('tap.other')::uuid), 0::bigint,
          'ledger_transactions: finance sees no ledger transaction of another brokerage');

-- 4. the demo brokerage's IB: its own negotiated rate, and not staff's tables
select tests.act_as('ib1@crm.demo');
set local role crm_reader;

select ok((select count(*) from crm.ib_rate_overrides where tenant_id = current_setting('tap.demo')::uuid) > 0,
          'ib_rate_overrides: the IB sees its own negotiated rate');
select is((select count(*) from crm.ib_rate_overrides where tenant_id = current_setting('tap.other')::uuid), 0::bigint,
          'ib_rate_overrides: the IB sees no negotiated rate of another brokerage');
select is((select count(*) from crm.desks), 0::bigint, 'desks: an IB (not staff) sees no desk');
select is((select count(*) from crm.staff), 0::bigint, 'staff: an IB (not staff) sees no staff');

-- 5. without a tenant in the claims (an anonymous request) the reference
-- tables show nothing, not even the defaults the same reads showed in 1.
select tests.act_as_anon();
set local role crm_reader;

select is((select count(*) from crm.instruments), 0::bigint, 'instruments: without a tenant nothing is visible');
select is((select count(*) from crm.leverage_caps), 0::bigint, 'leverage_caps: without a tenant nothing is visible');
select is((select count(*) from crm.price_tolerances), 0::bigint, 'price_tolerances: without a tenant nothing is visible');
select is((select count(*) from crm.lot_sizes), 0::bigint, 'lot_sizes: without a tenant nothing is visible');
select is((select count(*) from crm.prices), 0::bigint, 'prices: without a tenant nothing is visible');

select * from finish();
rollback;
