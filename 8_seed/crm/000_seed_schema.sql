-- Development only: the CRM seed acts through the API functions as a given
-- CRM user (seed.act_as of 8_seed/core, for the crm application).
create function seed.as_user(email text)
returns uuid
language sql
volatile
set search_path = ''
as $$
    select seed.act_as('crm', as_user.email)
$$;
comment on function seed.as_user(text) is 'Acts as a CRM user for the rest of the transaction (or until the next call), through seed.act_as. Returns the user id.';

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
