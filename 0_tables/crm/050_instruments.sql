create table crm.instruments (
    symbol text primary key,
    instrument_class text not null,
    base_currency text not null,
    quote_currency text not null,
    contract_size numeric not null default 100000,
    constraint instruments_symbol_is_upper check (symbol ~ '^[A-Z0-9]{2,12}$'),
    constraint instruments_class_is_known check (instrument_class in ('fx_major', 'fx_minor', 'gold', 'index_major', 'commodity_other', 'equity', 'crypto')),
    constraint instruments_quote_currency_has_rates check (quote_currency in ('EUR', 'USD', 'GBP', 'CHF', 'JPY')),
    constraint instruments_contract_size_is_positive check (contract_size > 0)
);
comment on table crm.instruments is 'Tradable symbols (reference data, shared by every brokerage): the class decides the leverage cap, the quote currency is the currency of prices and profit and loss, contract_size the units of one lot.';
comment on column crm.instruments.contract_size is 'Units of the base per lot: 100,000 for currency pairs, 100 ounces for gold, 1 for indices and crypto, 1,000 barrels for oil, 100 shares for equities.';
comment on column crm.instruments.quote_currency is 'Prices and P&L are in this currency; it must have EUR rates in crm.fx_rates (EUR, USD, GBP, CHF, JPY).';

insert into crm.instruments (symbol, instrument_class, base_currency, quote_currency, contract_size)
values
    ('EURUSD', 'fx_major', 'EUR', 'USD', 100000),
    ('GBPUSD', 'fx_major', 'GBP', 'USD', 100000),
    ('USDJPY', 'fx_major', 'USD', 'JPY', 100000),
    ('USDCHF', 'fx_major', 'USD', 'CHF', 100000),
    ('AUDUSD', 'fx_major', 'AUD', 'USD', 100000),
    ('EURGBP', 'fx_minor', 'EUR', 'GBP', 100000),
    ('EURJPY', 'fx_minor', 'EUR', 'JPY', 100000),
    ('GBPJPY', 'fx_minor', 'GBP', 'JPY', 100000),
    ('EURCHF', 'fx_minor', 'EUR', 'CHF', 100000),
    ('XAUUSD', 'gold', 'XAU', 'USD', 100),
    ('US500', 'index_major', 'US500', 'USD', 1),
    ('DE40', 'index_major', 'DE40', 'EUR', 1),
    ('UK100', 'index_major', 'UK100', 'GBP', 1),
    ('XTIUSD', 'commodity_other', 'XTI', 'USD', 1000),
    ('AAPL', 'equity', 'AAPL', 'USD', 100),
    ('TSLA', 'equity', 'TSLA', 'USD', 100),
    ('BTCUSD', 'crypto', 'BTC', 'USD', 1),
    ('ETHUSD', 'crypto', 'ETH', 'USD', 1);
