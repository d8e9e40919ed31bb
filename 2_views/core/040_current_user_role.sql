create function core.current_user_role()
returns name
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
    perform core.current_user_id();  -- resolves (or confirms) the identity of these claims
    return nullif(pg_catalog.current_setting('core.identity_role', true), '')::name;
end
$$;
comment on function core.current_user_role() is 'The acting user''s application role as recorded in core.users (crm_client, med_nurse, ...), as resolved by core.current_user_id() (once per transaction and claims); null when anonymous. Policies evaluated for the <app>_reader roles use it to tell audiences apart. Security definer (search_path '''') like core.current_user_id(), whose cache it reads.';
