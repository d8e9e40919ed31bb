create function core.current_user_id()
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
    select users.id
    from core.users as users
    cross join lateral (select core.jwt_claims() as value) as claims
    where users.id = case
                         when claims.value ->> 'sub' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                         then (claims.value ->> 'sub')::uuid
                     end
      and users.role::text = claims.value ->> 'role'
      and users.is_active
$$;
comment on function core.current_user_id() is 'The acting user: the JWT sub, only if it is a uuid naming an active user whose role is the token''s role; null when anonymous. The one place identity comes from; a primary key lookup. Security definer (search_path '''') because it reads core.users, which no API role may read.';
