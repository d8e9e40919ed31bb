create function core.me()
returns json
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
    result json;
begin
    select pg_catalog.json_build_object(
               'id', users.id,
               'email', users.email,
               'full_name', users.full_name,
               'role', users.role,
               'app', users.app,
               'tenant', pg_catalog.json_build_object('id', tenants.id, 'name', tenants.name))
    into result
    from core.users as users
    join core.tenants as tenants on tenants.id = users.tenant_id
    where users.id = (select core.current_user_id());

    if result is null then
        raise exception 'not logged in'
            using errcode = '42501', hint = 'call login(email, password) and send the token';
    end if;
    return result;
end
$$;
comment on function core.me() is 'The acting user''s profile and tenant as json; 42501 when anonymous. Security definer (search_path '''') because it reads core.users.';
