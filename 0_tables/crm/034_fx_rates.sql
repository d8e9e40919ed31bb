create table crm.fx_rates (
    tenant_id uuid references core.tenants (id),
    currency text not null,
    rate_on date not null,
    eur_per_unit numeric not null,
    constraint fx_rates_key unique nulls not distinct (currency, rate_on, tenant_id),
    constraint fx_rates_currency_is_iso check (currency ~ '^[A-Z]{3}$'),
    constraint fx_rates_rate_is_positive check (eur_per_unit > 0),
    constraint fx_rates_eur_per_unit_is_finite check (eur_per_unit not in ('NaN', 'Infinity', '-Infinity'))
);
comment on table crm.fx_rates is 'Daily reference rates: the EUR value of one unit of a currency on a day (EUR is 1). crm_private.eur_rate falls back to the latest earlier day. A new or changed rate re-evaluates the margin of every account with open positions (trigger crm_private.fx_rates_margin_check).';
comment on column crm.fx_rates.tenant_id is 'Null: the reference rates every brokerage values positions and deposits at (the only rows read today); the column keeps the rule that every CRM table carries a tenant key.';

-- reference data: 400 days of plausible daily rates up to the build day
insert into crm.fx_rates (currency, rate_on, eur_per_unit)
select currencies.currency,
       days.day::date,
       round(currencies.base * (1 + currencies.swing * sin(extract(julian from days.day)::float8 / 17.0)::numeric), 8)
from (values ('EUR', 1::numeric, 0::numeric),
             ('USD', 0.92, 0.02),
             ('GBP', 1.17, 0.015),
             ('CHF', 1.04, 0.01),
             ('JPY', 0.0062, 0.03)) as currencies (currency, base, swing)
cross join generate_series(current_date - 399, current_date, interval '1 day') as days (day);
