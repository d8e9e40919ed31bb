create schema med_api;
comment on schema med_api is 'The school health platform as PostgREST serves it: views and functions only.';

create schema med_private;
comment on schema med_private is 'School health internal code: read views owned by med_reader (row level security decides what they return), helpers, trigger functions and report materialized views. Not exposed.';
