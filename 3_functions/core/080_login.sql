create function core.login(app text, email text, password text)
returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
    -- a bcrypt hash of the same cost as the real ones, so an unknown e-mail
    -- costs the same work as a wrong password (no user enumeration by timing)
    dummy_hash constant text := '$2a$06$vE30it3cfb4zxXVs8MVL4Oa0Hds2.wf0OfcEkJukZDnp6ig94H29S';
    found_user core.users;
    expected_hash text;
    ttl interval := coalesce(nullif(pg_catalog.current_setting('app.jwt_ttl', true), ''), '1 hour')::interval;
begin
    select *
    into found_user
    from core.users as users
    where users.app = login.app
      and pg_catalog.lower(users.email) = pg_catalog.lower(login.email)
      and users.is_active;

    expected_hash := coalesce(found_user.password_hash, dummy_hash);
    if extensions.crypt(coalesce(login.password, ''), expected_hash) <> expected_hash
       or found_user.password_hash is null then
        raise exception 'invalid e-mail or password'
            using errcode = '42501';
    end if;

    return core.sign_jwt(
        pg_catalog.jsonb_build_object(
            'role', found_user.role,
            'sub', found_user.id::text,
            'email', found_user.email,
            'app', found_user.app,
            'iat', pg_catalog.floor(extract(epoch from now()))::bigint,
            'exp', pg_catalog.floor(extract(epoch from now() + ttl))::bigint),
        core.jwt_secret());
end
$$;
comment on function core.login(text, text, text) is 'Checks a bcrypt password and returns a signed HS256 JWT (role, sub, email, app, iat, exp; lifetime app.jwt_ttl, default 1 hour). A wrong password, an unknown or inactive e-mail all raise the same 42501 after the same bcrypt work. Security definer (search_path '''') because it reads password hashes no API role may read; each application wraps it as <app>_api.login.';
