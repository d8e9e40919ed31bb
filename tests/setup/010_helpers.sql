-- Helpers that act exactly as PostgREST does for a request: SET LOCAL ROLE to
-- the token's role and the token's payload in request.jwt.claims.
drop schema if exists tests cascade;
create schema tests;
grant usage on schema tests to public;

create function tests.claims_for(email text)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
    found_user core.users;
begin
    begin
        -- through the unique index (app, lower(email)) for the applications
        -- core.users allows (users_app_is_known): about 10 us a call against
        -- 80-140 for a scan of every user, some 900 calls a run; a user of
        -- an application added since is found by the scan below
        select * into strict found_user from core.users as users
        where users.app = any (array['crm', 'med', 'hr']) and pg_catalog.lower(users.email) = pg_catalog.lower(claims_for.email);
    exception
        when no_data_found then
            select * into strict found_user from core.users as users where pg_catalog.lower(users.email) = pg_catalog.lower(claims_for.email);
    end;
    return pg_catalog.jsonb_build_object(
        'role', found_user.role,
        'sub', found_user.id::text,
        'email', found_user.email,
        'app', found_user.app,
        'exp', pg_catalog.floor(extract(epoch from now() + interval '1 hour'))::bigint);
exception
    when no_data_found then
        raise exception 'tests.act_as: no user %', claims_for.email using errcode = 'PT404';
end
$$;

create function tests.act_as(email text)
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
    claims jsonb;
begin
    perform pg_catalog.set_config('role', 'none', true);
    claims := tests.claims_for(act_as.email);
    perform pg_catalog.set_config('request.jwt.claims', claims::text, true);
    perform pg_catalog.set_config('role', claims ->> 'role', true);
end
$$;
comment on function tests.act_as(text) is 'Acts as a user for the rest of the transaction exactly as PostgREST does: SET LOCAL ROLE to the user''s role and the token payload in request.jwt.claims.';

create function tests.act_as_anon()
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
    perform pg_catalog.set_config('role', 'none', true);
    perform pg_catalog.set_config('request.jwt.claims', '', true);
    perform pg_catalog.set_config('role', 'anon', true);
end
$$;
comment on function tests.act_as_anon() is 'Acts as an anonymous request: role anon, empty claims.';

create function tests.act_as_claims(claims jsonb)
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
    perform pg_catalog.set_config('role', 'none', true);
    perform pg_catalog.set_config('request.jwt.claims', claims::text, true);
    perform pg_catalog.set_config('role', claims ->> 'role', true);
end
$$;
comment on function tests.act_as_claims(jsonb) is 'Acts with arbitrary claims (forged or mismatched tokens), as PostgREST would after verifying them.';

create function tests.jwt_payload(token text)
returns jsonb
language sql
immutable
set search_path = ''
as $$
    select pg_catalog.convert_from(
        pg_catalog.decode(
            pg_catalog.rpad(
                pg_catalog.translate(pg_catalog.split_part(token, '.', 2), '-_', '+/'),
                ((pg_catalog.length(pg_catalog.split_part(token, '.', 2)) + 3) / 4) * 4,
                '='),
            'base64'),
        'utf8')::jsonb
$$;
comment on function tests.jwt_payload(text) is 'Decodes the payload of a JWT (no verification).';

create function tests.jwt_verifies(token text, secret text)
returns boolean
language sql
immutable
set search_path = ''
as $$
    select core.base64url(extensions.hmac(
               pg_catalog.split_part(token, '.', 1) || '.' || pg_catalog.split_part(token, '.', 2),
               secret, 'sha256')) = pg_catalog.split_part(token, '.', 3)
$$;
comment on function tests.jwt_verifies(text, text) is 'True when the token''s HS256 signature is right for secret.';

grant execute on all functions in schema tests to public;
