-- The demo brokerage's fx_major price rule as it was before setup.sql.
delete from crm.price_tolerances as price_tolerances
using core.tenants as tenants
where tenants.id = price_tolerances.tenant_id
  and tenants.app = 'crm' and tenants.name = 'Demo Brokerage'
  and price_tolerances.instrument_class = 'fx_major';
insert into crm.price_tolerances overriding system value
select * from bench_crm.saved_tolerances;

drop schema bench_crm cascade;
