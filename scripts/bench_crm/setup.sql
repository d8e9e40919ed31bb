-- The Forex CRM's benchmark data, run once in one transaction by `thick bench`
-- with bench.scale set: bench.scale x 200 generated clients with six months
-- of history (when the demo brokerage holds fewer accounts than that), one
-- price tick per symbol held open, and bench_crm.params, the accounts the
-- scripts draw from.
-- (the count is done before the generator runs: the generator switches
-- the audit triggers off, which ALTER TABLE refuses, 55006, while a query
-- of this session still reads crm.accounts)
do $$
begin
    if (select count(*)
        from crm.accounts as accounts
        join core.tenants as tenants on tenants.id = accounts.tenant_id
        where tenants.app = 'crm' and tenants.name = 'Demo Brokerage')
       < pg_catalog.current_setting('bench.scale')::int * 200 then
        perform seed.generate_crm(pg_catalog.current_setting('bench.scale')::int);
    end if;
end
$$;

-- Price ticks through the API as the demo brokerage's price feed (a desk
-- manager may not post them), 0.1 % above the average open price, so that
-- summaries value positions at a mark price and not only at their open
-- price; then EURUSD at 1.0802, which open_close_position.sql's fills
-- (a buy at 1.0805, above it, and the closing sell at 1.0800, below it)
-- lie within the tolerance of, on the brokerage's side.
select pg_catalog.set_config('request.jwt.claims',
                             pg_catalog.json_build_object('role', users.role, 'sub', users.id, 'email', users.email, 'app', 'crm')::text,
                             true)
from core.users as users
where users.app = 'crm' and users.email = 'feed@crm.demo';

select crm_api.set_price(held.symbol, pg_catalog.round(held.price * 1.001, 5))
from (select positions.symbol, pg_catalog.avg(positions.open_price) as price
      from crm.positions as positions
      join core.tenants as tenants on tenants.id = positions.tenant_id
      where tenants.name = 'Demo Brokerage' and positions.closed_at is null
      group by positions.symbol) as held;

select crm_api.set_price('EURUSD', 1.0802);

select pg_catalog.set_config('request.jwt.claims', '', true);

-- One row per request target: accounts of clients with a login and at least
-- 2,000 of free margin, with the claims of the client and of the
-- brokerage's finance user (read by the scripts in the statement that sets
-- them, so pgbench quotes nothing).
create schema bench_crm;

-- The bench has no live price feed: while it runs, the demo brokerage
-- accepts fx_major marks up to a day old (crm.price_tolerances.max_mark_age,
-- a minute by default), so that open_close_position.sql fills against the
-- EURUSD mark above however long the run lasts. teardown.sql puts the rule
-- back as it was.
create unlogged table bench_crm.saved_tolerances as
select price_tolerances.*
from crm.price_tolerances as price_tolerances
join core.tenants as tenants on tenants.id = price_tolerances.tenant_id
where tenants.app = 'crm' and tenants.name = 'Demo Brokerage' and price_tolerances.instrument_class = 'fx_major';

insert into crm.price_tolerances (tenant_id, instrument_class, max_deviation, max_tick_move, max_mark_age)
select tenants.id, defaults.instrument_class, defaults.max_deviation, defaults.max_tick_move, interval '1 day'
from crm.price_tolerances as defaults
cross join core.tenants as tenants
where defaults.tenant_id is null and defaults.instrument_class = 'fx_major'
  and tenants.app = 'crm' and tenants.name = 'Demo Brokerage'
on conflict on constraint price_tolerances_key do update set max_mark_age = excluded.max_mark_age;

create unlogged table bench_crm.params (
    n int primary key,
    account_id uuid not null,
    client_user_id uuid not null,
    client_claims text not null,
    finance_claims text not null
);

insert into bench_crm.params (n, account_id, client_user_id, client_claims, finance_claims)
select pg_catalog.row_number() over (order by accounts.id),
       accounts.id,
       users.id,
       pg_catalog.json_build_object('role', users.role, 'sub', users.id, 'email', users.email, 'app', 'crm')::text,
       (select pg_catalog.json_build_object('role', finance.role, 'sub', finance.id, 'email', finance.email, 'app', 'crm')::text
        from core.users as finance
        where finance.tenant_id = accounts.tenant_id and finance.role = 'crm_finance' and finance.is_active
        order by finance.email
        limit 1)
from crm.accounts as accounts
join crm.clients as clients on clients.id = accounts.client_id
join core.users as users on users.id = clients.user_id
join core.tenants as tenants on tenants.id = accounts.tenant_id
where tenants.name = 'Demo Brokerage'
  and users.is_active
  and (select state.free_margin from crm_private.account_state(accounts.id) as state) >= 2000;
