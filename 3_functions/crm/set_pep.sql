create function crm_api.set_pep(client_id uuid, is_pep boolean)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
    if set_pep.is_pep is null then
        raise exception 'is_pep must be true or false' using errcode = '22023';
    end if;
    if not exists (select from crm_private.clients as clients where clients.id = set_pep.client_id) then
        raise exception 'client % not found', set_pep.client_id using errcode = 'PT404';
    end if;
    update crm.clients as clients
    set is_pep = set_pep.is_pep
    where clients.id = set_pep.client_id;
    if set_pep.is_pep then
        perform crm_private.check_aml(set_pep.client_id);
    end if;
end
$$;
comment on function crm_api.set_pep(uuid, boolean) is 'Compliance flags or unflags a client as a politically exposed person; flagging opens a pep AML case (unless one is open). Raises PT404 for a client not visible, 22023 for a null flag. Security definer: writes crm.clients and crm.aml_cases, which no API role may write.';
