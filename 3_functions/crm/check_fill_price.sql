create function crm_private.check_fill_price(tenant_id uuid, symbol text, side text, price numeric)
returns numeric
language plpgsql
stable
set search_path = ''
as $$
declare
    symbol_class text;
    mark numeric;
    mark_at timestamptz;
    rule crm.price_tolerances;
begin
    select instruments.instrument_class
    into symbol_class
    from crm.instruments as instruments
    where instruments.symbol = check_fill_price.symbol;

    -- the latest mark, as crm_private.latest_price reads it, and when it was posted
    select prices.price, prices.at
    into mark, mark_at
    from crm.prices as prices
    where prices.tenant_id = check_fill_price.tenant_id
      and prices.symbol = check_fill_price.symbol
    order by prices.at desc, prices.id desc
    limit 1;
    if mark is null then
        raise exception 'no market price for % in this brokerage', check_fill_price.symbol
            using errcode = 'P0001',
                  hint = 'the price feed must post a mark (crm_api.set_price) before the symbol can be traded';
    end if;

    rule := crm_private.price_tolerance(check_fill_price.tenant_id, check_fill_price.symbol);
    if rule.max_deviation is null then
        raise exception 'no price tolerance for instrument class %', symbol_class
            using errcode = 'P0001', hint = 'crm.price_tolerances needs a row for the class';
    end if;

    -- a mark the feed stopped updating no longer follows the market: a fill
    -- near it could be far from any price the market offers now
    if mark_at < now() - rule.max_mark_age then
        raise exception 'the market price of % is % old: a fill needs a mark of the last %', check_fill_price.symbol,
                        pg_catalog.date_trunc('second', now() - mark_at), rule.max_mark_age
            using errcode = 'P0001',
                  detail = pg_catalog.format('the last mark, %s, was posted at %s', mark, mark_at),
                  hint = 'the price feed must post a current mark (crm_api.set_price) before the symbol can be traded';
    end if;

    -- the tolerance is the client's slippage, never a discount: a buy fills
    -- at the mark or above, a sell at the mark or below. A price on the
    -- client's side of the mark would pay out the spread both ways, a round
    -- trip with no move of the market turning a profit
    if (check_fill_price.side = 'buy' and check_fill_price.price < mark)
       or (check_fill_price.side = 'sell' and check_fill_price.price > mark) then
        raise exception 'a % of % at % is better than the market price %', check_fill_price.side, check_fill_price.symbol,
                        check_fill_price.price, mark
            using errcode = 'P0001',
                  detail = 'a buy fills at the mark or above, a sell at the mark or below (within the tolerance)',
                  hint = 'trade at the current market price (crm_api.instruments.mark_price)';
    end if;
    if pg_catalog.abs(check_fill_price.price - mark) > mark * rule.max_deviation then
        raise exception 'price % of % is too far from the market price %', check_fill_price.price, check_fill_price.symbol, mark
            using errcode = 'P0001',
                  detail = pg_catalog.format('a fill may lie at most %s %% from the mark', rule.max_deviation * 100),
                  hint = 'trade at the current market price (crm_api.instruments.mark_price)';
    end if;
    return mark;
end
$$;
comment on function crm_private.check_fill_price(uuid, text, text, numeric) is 'Checks a fill price against the brokerage''s own latest mark of the symbol: P0001 when the brokerage has no mark, when the mark is older than the class''s max_mark_age (crm.price_tolerances: the feed stopped, and the mark no longer follows the market), when the price is better for the client than the mark (side buy: below it; side sell: above it; side is the direction of this fill, so closing a buy is a sell), or when |price - mark| exceeds the class''s tolerance (crm.price_tolerances, the tenant''s row over the default) times the mark. Returns the mark. The price itself is checked by crm_private.require_price first, the side by the caller.';
