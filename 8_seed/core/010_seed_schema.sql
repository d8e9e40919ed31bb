-- Development only: the seed schema and the helpers every application's seed
-- shares. The seed runs as the superuser, so acting as a user sets only the
-- claims (no SET ROLE), as PostgREST would; each seed file ends with
-- seed.as_nobody().
create schema seed;
comment on schema seed is 'Development-only seed helpers (acting as a user, data generators). Never granted to API roles.';

create function seed.act_as(app text, email text)
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
    where users.app = act_as.app
      and pg_catalog.lower(users.email) = pg_catalog.lower(act_as.email);
    if not found then
        raise exception 'seed.act_as: no % user %', act_as.app, act_as.email using errcode = 'PT404';
    end if;
    perform pg_catalog.set_config('request.jwt.claims',
        pg_catalog.jsonb_build_object('role', found_user.role, 'sub', found_user.id::text,
                                      'email', found_user.email, 'app', found_user.app)::text,
        true);
    return found_user.id;
end
$$;
comment on function seed.act_as(text, text) is 'Acts as a user of an application (e-mails are unique per application) for the rest of the transaction, or until the next call: sets request.jwt.claims locally as PostgREST would. Returns the user id.';

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

-- The bcrypt hash of the demo password, computed once per session:
-- generated logins reuse it instead of paying bcrypt's work once per user
-- (every demo password is `demo`; a salt shared by dev users is harmless
-- in dev data). Session-wide, so that each seed file run alone under
-- psql -f also computes it once.
create function seed.demo_password_hash()
returns text
language plpgsql
volatile
set search_path = ''
as $$
declare
    hash text := nullif(pg_catalog.current_setting('seed.demo_password_hash', true), '');
begin
    if hash is null then
        hash := extensions.crypt('demo', extensions.gen_salt('bf'));
        perform pg_catalog.set_config('seed.demo_password_hash', hash, false);
    end if;
    return hash;
end
$$;
comment on function seed.demo_password_hash() is 'The bcrypt hash of "demo", made once per session (kept in the setting seed.demo_password_hash); every application''s seed gives it to the logins it creates.';
