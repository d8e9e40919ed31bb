create function crm_private.current_client_id()
returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
    return (
        select clients.id
        from crm.clients as clients
        where clients.user_id = (select core.current_user_id())
          and clients.tenant_id = (select core.current_tenant_id()));
end
$$;
comment on function crm_private.current_client_id() is 'The acting user''s client row (null for anyone without one: staff, IBs, a lead without a login). Used by the row level policies of the crm_reader role (a client''s accounts) and by crm_private.visible_account_ids(); security definer so that the policies of crm.clients are not re-entered.';
