-- The brokerages' price feeds post a mark for every symbol, through the API
-- (crm_api.set_price as the feed user): fills must lie near these marks.
do $$
declare
    feed text;
begin
    foreach feed in array array['feed@crm.demo', 'feed@other-crm.demo'] loop
        perform seed.as_user(feed);
        perform crm_api.set_price(market.symbol, market.price)
        from seed.market() as market
        order by market.symbol;
    end loop;
    perform seed.as_nobody();
end
$$;
