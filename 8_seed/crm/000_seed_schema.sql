-- Development only: helpers that let the seed act through the API functions
-- as a given user, as PostgREST would. The seed runs as the superuser, so
-- only the claims are set (no SET ROLE); each seed file ends with
-- seed.as_nobody().
create schema seed;
comment on schema seed is 'Development-only seed helpers (acting as a user, data generators). Never granted to API roles.';

create function seed.as_user(email text)
returns uuid
language plpgsql
volatile
set search_path = ''
as $$
declare
    found_user core.users;
begin
    select * into found_user
    from core.users as users
    where users.app = 'crm'
      and pg_catalog.lower(users.email) = pg_catalog.lower(as_user.email);
    if not found then
        raise exception 'seed.as_user: no user %', as_user.email using errcode = 'PT404';
    end if;
    perform pg_catalog.set_config('request.jwt.claims',
        pg_catalog.jsonb_build_object('role', found_user.role, 'sub', found_user.id::text,
                                      'email', found_user.email, 'app', found_user.app)::text,
        true);
    return found_user.id;
end
$$;
comment on function seed.as_user(text) is 'Acts as a CRM user for the rest of the transaction (or until the next call): sets request.jwt.claims locally as PostgREST would. Returns the user id.';

create function seed.as_nobody()
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
    perform pg_catalog.set_config('request.jwt.claims', '', true);
    perform pg_catalog.set_config('request.headers', '', true);
end
$$;
comment on function seed.as_nobody() is 'Acts anonymously again: empty claims and request headers.';
