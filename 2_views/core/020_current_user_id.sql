create function core.current_user_id()
returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
    claims_text text := coalesce(pg_catalog.current_setting('request.jwt.claims', true), '');
    claims jsonb;
    identity record;
begin
    -- the identity resolved for these very claims earlier in this transaction
    -- (core.identity_claims is local to the transaction and forgotten by the
    -- triggers of core.users whenever a user changes)
    if pg_catalog.current_setting('core.identity_claims', true) = 'claims:' || claims_text then
        return nullif(pg_catalog.current_setting('core.identity_user_id', true), '')::uuid;
    end if;

    claims := core.jwt_claims();
    select users.id, users.tenant_id, users.role
    into identity
    from core.users as users
    where users.id = case
                         when claims ->> 'sub' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                         then (claims ->> 'sub')::uuid
                     end
      and users.role::text = claims ->> 'role'
      and users.is_active;

    perform pg_catalog.set_config('core.identity_user_id', coalesce(identity.id::text, ''), true);
    perform pg_catalog.set_config('core.identity_tenant_id', coalesce(identity.tenant_id::text, ''), true);
    perform pg_catalog.set_config('core.identity_role', coalesce(identity.role::text, ''), true);
    perform pg_catalog.set_config('core.identity_claims', 'claims:' || claims_text, true);
    return identity.id;
end
$$;
comment on function core.current_user_id() is 'The acting user: the JWT sub, only if it is a uuid naming an active user whose role is the token''s role; null when anonymous. The one place identity comes from; a primary key lookup, done once per transaction and claims: the answer (with the user''s tenant and role, for core.current_tenant_id() and core.current_user_role()) is kept in transaction-local settings core.identity_* keyed by the exact claims text, so new claims (tests.act_as, set local request.jwt.claims) are looked up afresh, and any change to core.users forgets it (trigger core.forget_identity). Policies call it once per statement per call site; before this cache each call re-planned the lookup (~0.4 ms). Trusting the cached settings is no weaker than trusting request.jwt.claims, which any session may set just the same. Security definer (search_path '''') because it reads core.users, which no API role may read.';
