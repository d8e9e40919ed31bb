create function crm_private.client_mail(client_id uuid, template text)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
    envelope jsonb;
begin
    select pg_catalog.jsonb_build_object(
               'app', 'crm',
               'template', client_mail.template,
               'to', clients.email,
               'to_name', clients.full_name,
               'tenant_name', tenants.name,
               'client_id', clients.id)
    into envelope
    from crm.clients as clients
    join core.tenants as tenants on tenants.id = clients.tenant_id
    where clients.id = client_mail.client_id;
    if envelope is null then
        raise exception 'client % not found', client_mail.client_id using errcode = 'PT404';
    end if;
    return envelope;
end
$$;
comment on function crm_private.client_mail(uuid, text) is 'The envelope of a mailer job to a client (docs/jobs.md): app crm, template, to (the client''s e-mail), to_name (full name), tenant_name (the brokerage) and client_id; each CRM mail job adds its own fields with ||. Internal.';
