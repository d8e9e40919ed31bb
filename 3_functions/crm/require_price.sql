create function crm_private.require_price(price numeric)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
    if require_price.price is null
       or require_price.price in ('NaN'::numeric, 'Infinity'::numeric, '-Infinity'::numeric)
       or require_price.price <= 0 then
        raise exception 'price must be a positive finite number, got %', coalesce(require_price.price::text, 'null')
            using errcode = '22023';
    end if;
    -- a price no instrument has: the demo market quotes from 0.6 (NZDUSD) to
    -- 60,000 (BTCUSD); 1e131071 passed the test above and overflowed numeric
    -- (22003) in every product it entered once stored as the mark. The
    -- message shows the magnitude only, never a number of 131,072 digits.
    if require_price.price > 1e9 or require_price.price < 1e-9 then
        raise exception 'price must lie between 0.000000001 and 1,000,000,000, got one of about 1e%',
                pg_catalog.floor(pg_catalog.log(require_price.price))
            using errcode = '22023';
    end if;
end
$$;
comment on function crm_private.require_price(numeric) is 'Checks a price argument (open_position, close_position, set_price): positive, finite and between 1e-9 (0.000000001) and 1e9 (1,000,000,000), bounds that every instrument''s price lies well within, so that price times lots times contract size stays inside numeric; raises 22023 for null, NaN, infinity, zero, a negative price or one outside the bounds.';
