create schema crm;
comment on schema crm is 'Forex CRM data: clients, KYC, accounts, ledger, positions, IBs. Tables only; never exposed.';
grant usage on schema crm to crm_reader;
