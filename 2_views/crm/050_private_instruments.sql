create view crm_private.instruments as
select instruments.symbol,
       instruments.instrument_class,
       instruments.base_currency,
       instruments.quote_currency,
       instruments.contract_size
from crm.instruments as instruments;
alter view crm_private.instruments owner to crm_reader;
comment on view crm_private.instruments is 'Tradable symbols for any logged-in CRM user (shared reference data); runs as crm_reader.';
