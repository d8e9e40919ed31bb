create function core.create_user(tenant_id uuid, email text, full_name text, role name, password text default null)
returns uuid
language plpgsql
volatile
set search_path = ''
as $$
declare
    tenant_app text;
    user_id uuid;
begin
    select tenants.app into tenant_app from core.tenants as tenants where tenants.id = create_user.tenant_id;
    if tenant_app is null then
        raise exception 'tenant % does not exist', create_user.tenant_id using errcode = 'PT404';
    end if;
    if not exists (select from pg_catalog.pg_roles where rolname = create_user.role) then
        raise exception 'role % does not exist', create_user.role using errcode = '22023';
    end if;
    insert into core.users (tenant_id, app, email, full_name, role, password_hash)
    values (create_user.tenant_id, tenant_app, create_user.email, create_user.full_name, create_user.role,
            case when create_user.password is not null
                 then extensions.crypt(create_user.password, extensions.gen_salt('bf')) end)
    returning users.id into user_id;
    return user_id;
end
$$;
comment on function core.create_user(uuid, text, text, name, text) is 'Creates a user of a tenant with a database role and an optional password (stored as a bcrypt hash); raises PT404 for an unknown tenant, 22023 for an unknown role, 23505 for an e-mail already used in the application, 23514 for a role of another application. For seeds and application functions (registration, hiring); no API role may call it directly.';
