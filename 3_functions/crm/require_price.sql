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
end
$$;
comment on function crm_private.require_price(numeric) is 'Checks a price argument (open_position, close_position, set_price): positive and finite; raises 22023 for null, NaN, infinity, zero or a negative price.';
