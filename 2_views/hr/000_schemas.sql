create schema hr_api;
comment on schema hr_api is 'The hotel HR system as PostgREST serves it: views and functions only.';

create schema hr_private;
comment on schema hr_private is 'Hotel HR internal code: read views owned by hr_reader (row level security decides what they return), helpers, trigger functions and report materialized views. Not exposed.';
