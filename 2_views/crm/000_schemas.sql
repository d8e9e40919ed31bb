create schema crm_api;
comment on schema crm_api is 'The Forex CRM as PostgREST serves it: views and functions only.';

create schema crm_private;
comment on schema crm_private is 'Forex CRM internal code: read views owned by crm_reader (row level security decides what they return), helpers and trigger functions. Not exposed.';
