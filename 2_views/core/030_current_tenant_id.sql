create function core.current_tenant_id()
returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
    perform core.current_user_id();  -- resolves (or confirms) the identity of these claims
    return nullif(pg_catalog.current_setting('core.identity_tenant_id', true), '')::uuid;
end
$$;
comment on function core.current_tenant_id() is 'The acting user''s tenant, derived from core.users (as resolved by core.current_user_id(), once per transaction and claims), never trusted from the token; null when anonymous. Security definer (search_path '''') like core.current_user_id(), whose cache it reads.';
