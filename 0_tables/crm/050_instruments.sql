create table crm.instruments (
    symbol text primary key,
    tenant_id uuid references core.tenants (id),
    instrument_class text not null,
    base_currency text not null,
    quote_currency text not null,
    contract_size numeric not null default 100000,
    constraint instruments_symbol_is_upper check (symbol ~ '^[A-Z0-9]{2,12}$'),
    constraint instruments_class_is_known check (instrument_class in ('fx_major', 'fx_minor', 'gold', 'index_major', 'commodity_other', 'equity', 'crypto')),
    constraint instruments_quote_currency_has_rates check (quote_currency in ('EUR', 'USD', 'GBP', 'CHF', 'JPY')),
    constraint instruments_contract_size_is_positive check (contract_size > 0),
    -- ESMA Decision (EU) 2018/796, Annex I point 1(a): a major pair is any pair of
    -- two of USD, EUR, JPY, GBP, CAD and CHF; every other currency pair is a minor
    constraint instruments_fx_major_is_two_majors check (
        instrument_class not in ('fx_major', 'fx_minor')
        or (instrument_class = 'fx_major') = (base_currency in ('USD', 'EUR', 'JPY', 'GBP', 'CAD', 'CHF')
                                              and quote_currency in ('USD', 'EUR', 'JPY', 'GBP', 'CAD', 'CHF'))),
    constraint instruments_contract_size_is_finite check (contract_size not in ('NaN', 'Infinity', '-Infinity'))
);
comment on table crm.instruments is 'Tradable symbols (reference data): the class decides the leverage cap, the price tolerance and the lot sizes, the quote currency is the currency of prices and profit and loss, contract_size the units of one lot. A currency pair is fx_major exactly when both currencies are among USD, EUR, JPY, GBP, CAD, CHF (ESMA 2018/796), enforced by a check.';
comment on column crm.instruments.tenant_id is 'Null: offered by every brokerage (all rows today); a brokerage''s own symbol is offered to it alone.';
comment on column crm.instruments.contract_size is 'Units of the base per lot: 100,000 for currency pairs, 100 ounces for gold, 1 for indices and crypto, 1,000 barrels for oil, 100 shares for equities.';
comment on column crm.instruments.quote_currency is 'Prices and P&L are in this currency; it must have EUR rates in crm.fx_rates (EUR, USD, GBP, CHF, JPY).';

insert into crm.instruments (symbol, instrument_class, base_currency, quote_currency, contract_size)
values
    ('EURUSD', 'fx_major', 'EUR', 'USD', 100000),
    ('GBPUSD', 'fx_major', 'GBP', 'USD', 100000),
    ('USDJPY', 'fx_major', 'USD', 'JPY', 100000),
    ('USDCHF', 'fx_major', 'USD', 'CHF', 100000),
    ('EURGBP', 'fx_major', 'EUR', 'GBP', 100000),
    ('EURJPY', 'fx_major', 'EUR', 'JPY', 100000),
    ('GBPJPY', 'fx_major', 'GBP', 'JPY', 100000),
    ('EURCHF', 'fx_major', 'EUR', 'CHF', 100000),
    ('AUDUSD', 'fx_minor', 'AUD', 'USD', 100000),
    ('NZDUSD', 'fx_minor', 'NZD', 'USD', 100000),
    ('XAUUSD', 'gold', 'XAU', 'USD', 100),
    ('US500', 'index_major', 'US500', 'USD', 1),
    ('DE40', 'index_major', 'DE40', 'EUR', 1),
    ('UK100', 'index_major', 'UK100', 'GBP', 1),
    ('XTIUSD', 'commodity_other', 'XTI', 'USD', 1000),
    ('AAPL', 'equity', 'AAPL', 'USD', 100),
    ('TSLA', 'equity', 'TSLA', 'USD', 100),
    ('BTCUSD', 'crypto', 'BTC', 'USD', 1),
    ('ETHUSD', 'crypto', 'ETH', 'USD', 1);
