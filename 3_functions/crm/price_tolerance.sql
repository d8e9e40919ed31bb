create function crm_private.price_tolerance(tenant_id uuid, symbol text)
returns crm.price_tolerances
language sql
stable
set search_path = ''
as $$
    select price_tolerances.*
    from crm.price_tolerances as price_tolerances
    join crm.instruments as instruments on instruments.instrument_class = price_tolerances.instrument_class
    where instruments.symbol = price_tolerance.symbol
      and (price_tolerances.tenant_id = price_tolerance.tenant_id or price_tolerances.tenant_id is null)
    order by price_tolerances.tenant_id nulls last
    limit 1
$$;
comment on function crm_private.price_tolerance(uuid, text) is 'The rule row of crm.price_tolerances for a symbol''s instrument class in a brokerage: the brokerage''s own row over the default; null when the class has none. How far a fill may lie from the mark (max_deviation, crm_private.check_fill_price) and how far the feed''s tick may move it (max_tick_move, crm_api.set_price). Internal.';
