create function crm_private.convert_amount(amount numeric, from_currency text, to_currency text, on_date date default crm_private.today())
returns numeric
language plpgsql
stable
set search_path = ''
as $$
declare
    from_rate numeric;
    to_rate numeric;
begin
    if convert_amount.from_currency = convert_amount.to_currency then
        return convert_amount.amount;
    end if;
    -- crm_private.eur_rate never returns null: it raises 22023 for a missing rate
    from_rate := crm_private.eur_rate(convert_amount.from_currency, convert_amount.on_date);
    to_rate := crm_private.eur_rate(convert_amount.to_currency, convert_amount.on_date);
    return convert_amount.amount * from_rate / to_rate;
end
$$;
comment on function crm_private.convert_amount(numeric, text, text, date) is 'amount in from_currency expressed in to_currency at the EUR rates of on_date (crm_private.eur_rate, the latest rate on or before the day), unrounded. A missing rate raises 22023 (from crm_private.eur_rate). Internal.';
