create schema core;
comment on schema core is 'Shared data of every application (tenants, users, audit log, jobs) and the shared helpers every application calls (claims, login, enqueue, audit trigger). Never exposed to clients.';
grant usage on schema core to crm_reader, med_reader, hr_reader;
