-- Development only: act as a school health user through the API, as
-- PostgREST would (the seed runs as the superuser, so only the claims are
-- set). The seed schema itself is created by 8_seed/crm (if it runs alone,
-- here).
do $$
begin
    if pg_catalog.to_regnamespace('seed') is null then
        create schema seed;
        comment on schema seed is 'Development-only seed helpers (acting as a user, data generators). Never granted to API roles.';
    end if;
end
$$;

create function seed.as_med_user(email text)
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
    where users.app = 'med'
      and pg_catalog.lower(users.email) = pg_catalog.lower(as_med_user.email);
    if not found then
        raise exception 'seed.as_med_user: no user %', as_med_user.email using errcode = 'PT404';
    end if;
    perform pg_catalog.set_config('request.jwt.claims',
        pg_catalog.jsonb_build_object('role', found_user.role, 'sub', found_user.id::text,
                                      'email', found_user.email, 'app', found_user.app)::text,
        true);
    return found_user.id;
end
$$;
comment on function seed.as_med_user(text) is 'Acts as a school health user for the rest of the transaction (or until the next call): sets request.jwt.claims locally as PostgREST would. Returns the user id.';

create function seed.med_user(tenant_id uuid, email text, full_name text, role name, password_hash text)
returns uuid
language plpgsql
volatile
set search_path = ''
as $$
declare
    user_id uuid;
begin
    user_id := core.create_user(med_user.tenant_id, med_user.email, med_user.full_name, med_user.role);
    update core.users as users set password_hash = med_user.password_hash where users.id = user_id;
    return user_id;
end
$$;
comment on function seed.med_user(uuid, text, text, name, text) is 'Dev seed only: creates a med user with an already computed bcrypt hash (the seed hashes "demo" once rather than once per user).';
