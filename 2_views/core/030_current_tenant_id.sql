create function core.current_tenant_id()
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
    select users.tenant_id
    from core.users as users
    where users.id = core.current_user_id()
$$;
comment on function core.current_tenant_id() is 'The acting user''s tenant, derived from core.users, never trusted from the token; null when anonymous. Security definer (search_path '''') because it reads core.users.';
