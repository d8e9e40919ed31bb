create view crm_private.prices as
select prices.id,
       prices.tenant_id,
       prices.symbol,
       prices.price,
       prices.at
from crm.prices as prices;
alter view crm_private.prices owner to crm_reader;
comment on view crm_private.prices is 'Mark prices of the acting user''s brokerage; runs as crm_reader, so the policies of crm.prices pick the rows.';
