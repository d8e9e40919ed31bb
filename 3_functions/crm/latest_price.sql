create function crm_private.latest_price(tenant_id uuid, symbol text)
returns numeric
language sql
stable
set search_path = ''
as $$
    select prices.price
    from crm.prices as prices
    where prices.tenant_id = latest_price.tenant_id
      and prices.symbol = latest_price.symbol
    order by prices.at desc, prices.id desc
    limit 1
$$;
comment on function crm_private.latest_price(uuid, text) is 'The brokerage''s latest mark price of a symbol (crm_api.set_price), null when it has none. Internal.';
