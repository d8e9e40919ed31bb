-- Development only: helpers that let the seed act through the API functions
-- as a given user, as PostgREST would. The seed runs as the superuser, so
-- only the claims are set (no SET ROLE); each seed file ends with
-- seed.as_nobody().
create schema seed;
comment on schema seed is 'Development-only seed helpers (acting as a user, data generators). Never granted to API roles.';

create function seed.as_user(email text)
returns uuid
language plpgsql
volatile
set search_path = ''
as $$
declare
    found_user core.users;
begin
    select * into found_user
    from core.users as users
    where users.app = 'crm'
      and pg_catalog.lower(users.email) = pg_catalog.lower(as_user.email);
    if not found then
        raise exception 'seed.as_user: no user %', as_user.email using errcode = 'PT404';
    end if;
    perform pg_catalog.set_config('request.jwt.claims',
        pg_catalog.jsonb_build_object('role', found_user.role, 'sub', found_user.id::text,
                                      'email', found_user.email, 'app', found_user.app)::text,
        true);
    return found_user.id;
end
$$;
comment on function seed.as_user(text) is 'Acts as a CRM user for the rest of the transaction (or until the next call): sets request.jwt.claims locally as PostgREST would. Returns the user id.';

create function seed.as_nobody()
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
    perform pg_catalog.set_config('request.jwt.claims', '', true);
    perform pg_catalog.set_config('request.headers', '', true);
end
$$;
comment on function seed.as_nobody() is 'Acts anonymously again: empty claims and request headers.';

-- The bcrypt hash of the demo password, computed once per transaction:
-- generated logins reuse it instead of paying bcrypt's work once per user
-- (every demo password is `demo`; a salt shared by dev users is harmless
-- in dev data).
create function seed.demo_password_hash()
returns text
language plpgsql
volatile
set search_path = ''
as $$
declare
    hash text := nullif(pg_catalog.current_setting('seed.demo_password_hash', true), '');
begin
    if hash is null then
        hash := extensions.crypt('demo', extensions.gen_salt('bf'));
        perform pg_catalog.set_config('seed.demo_password_hash', hash, true);
    end if;
    return hash;
end
$$;
comment on function seed.demo_password_hash() is 'The bcrypt hash of "demo", made once per transaction (kept in the transaction-local setting seed.demo_password_hash); the generators give it to every generated login.';

-- The demo market: one mark per symbol (posted by the price feed in
-- 030_prices.sql), with the decimals quotes have and a typical trade size.
create function seed.market()
returns table (symbol text, price numeric, decimals int, typical_lots numeric)
language sql
immutable
set search_path = ''
as $$
    values ('EURUSD', 1.0800, 5, 0.10), ('GBPUSD', 1.2700, 5, 0.05), ('USDJPY', 150.000, 3, 0.10),
           ('USDCHF', 0.8800, 5, 0.10), ('EURGBP', 0.8500, 5, 0.05), ('EURJPY', 162.000, 3, 0.05),
           ('GBPJPY', 190.500, 3, 0.05), ('EURCHF', 0.9500, 5, 0.05), ('AUDUSD', 0.6600, 5, 0.10),
           ('NZDUSD', 0.6000, 5, 0.10), ('XAUUSD', 2300.00, 2, 0.02), ('US500', 5200.0, 1, 1),
           ('DE40', 18000.0, 1, 1), ('UK100', 8100.0, 1, 1), ('XTIUSD', 78.00, 2, 0.05),
           ('AAPL', 190.00, 2, 0.10), ('TSLA', 240.00, 2, 0.05), ('BTCUSD', 60000, 0, 0.01),
           ('ETHUSD', 3000.0, 1, 0.10)
$$;
comment on function seed.market() is 'The demo market: a price per symbol (the marks the seed posts), its quote decimals and a typical trade size in lots.';
