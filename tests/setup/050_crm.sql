-- Fixtures for the CRM suites.

create function tests.crm_fresh_marks()
returns int
language sql
volatile
set search_path = ''
as $$
    with posted as (
        insert into crm.prices (tenant_id, symbol, price, at)
        select distinct on (prices.tenant_id, prices.symbol) prices.tenant_id, prices.symbol, prices.price, now()
        from crm.prices as prices
        order by prices.tenant_id, prices.symbol, prices.at desc, prices.id desc
        returning 1
    )
    select pg_catalog.count(*)::int from posted
$$;
comment on function tests.crm_fresh_marks() is 'The price feed, as the seed left it: posts every brokerage''s latest mark of each symbol again, at the transaction''s time. A fill needs a mark of the last max_mark_age (crm.price_tolerances), and the template a suite runs on may have been seeded hours ago. Run as the superuser, before tests.act_as; returns how many marks it posted.';
revoke execute on function tests.crm_fresh_marks() from public;
