create view crm_api.instruments
with (security_invoker = true)
as
select instruments.symbol,
       instruments.instrument_class,
       instruments.base_currency,
       instruments.quote_currency,
       instruments.contract_size,
       (select prices.price
        from crm_private.prices as prices
        where prices.symbol = instruments.symbol
        order by prices.at desc, prices.id desc
        limit 1) as mark_price
from crm_private.instruments as instruments;
comment on view crm_api.instruments is 'Tradable symbols with their class (which decides the leverage cap), currencies, contract size and the brokerage''s latest mark price (null before the first tick).';
