-- The claims helpers come first in 2_views: views and policies call them, and
-- 2_views runs before 3_functions.
create function core.jwt_claims()
returns jsonb
language sql
stable
set search_path = ''
as $$
    select coalesce(nullif(pg_catalog.current_setting('request.jwt.claims', true), ''), '{}')::jsonb
$$;
comment on function core.jwt_claims() is 'The JWT claims PostgREST put in request.jwt.claims for this transaction, or {} when anonymous (the setting is missing, or the empty string it holds after a transaction that set it locally).';
