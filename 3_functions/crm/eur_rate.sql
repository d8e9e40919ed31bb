create function crm_private.eur_rate(currency text, on_date date)
returns numeric
language plpgsql
stable
set search_path = ''
as $$
declare
    rate numeric;
begin
    if pg_catalog.upper(eur_rate.currency) = 'EUR' then
        return 1;
    end if;
    select fx_rates.eur_per_unit
    into rate
    from crm.fx_rates as fx_rates
    where fx_rates.currency = pg_catalog.upper(eur_rate.currency)
      and fx_rates.rate_on <= eur_rate.on_date
    order by fx_rates.rate_on desc
    limit 1;
    if rate is null then
        raise exception 'no EUR rate for % on or before %', eur_rate.currency, eur_rate.on_date
            using errcode = '22023',
                  hint = 'add the currency''s daily rates to crm.fx_rates';
    end if;
    return rate;
end
$$;
comment on function crm_private.eur_rate(text, date) is 'The EUR value of one unit of currency on on_date: that day''s rate in crm.fx_rates, else the latest earlier one; 1 for EUR. Raises 22023 when the currency has no rate on or before the day.';
