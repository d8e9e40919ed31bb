create function crm_private.grant_client_login(client_id uuid, password text)
returns uuid
language plpgsql
volatile
set search_path = ''
as $$
declare
    client crm.clients;
    new_user_id uuid;
begin
    select * into client from crm.clients as clients where clients.id = grant_client_login.client_id for update;
    if not found then
        raise exception 'client % not found', grant_client_login.client_id using errcode = 'PT404';
    end if;
    if client.user_id is not null then
        raise exception 'client % already has a login', grant_client_login.client_id using errcode = 'PT409';
    end if;
    new_user_id := core.create_user(client.tenant_id, client.email, client.full_name, 'crm_client', grant_client_login.password);
    update crm.clients as clients set user_id = new_user_id where clients.id = client.id;
    if client.status = 'lead' then
        perform crm_private.transition_client(client.id, 'registered', 'login created');
    end if;
    return new_user_id;
end
$$;
comment on function crm_private.grant_client_login(uuid, text) is 'Gives a client a login (a crm_client user with the client''s e-mail and the password) and moves a lead to registered. Raises PT404 for an unknown client, PT409 when it already has one, 23505 when the e-mail is taken. Internal (onboarding flows, seeds).';
