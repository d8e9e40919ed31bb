create function core.current_user_id()
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
    select users.id
    from core.users as users
    where users.id::text = core.jwt_claims() ->> 'sub'
      and users.role::text = core.jwt_claims() ->> 'role'
      and users.is_active
$$;
comment on function core.current_user_id() is 'The acting user: the JWT sub, only if it names an active user whose role is the token''s role; null when anonymous. The one place identity comes from. Security definer (search_path '''') because it reads core.users, which no API role may read.';
