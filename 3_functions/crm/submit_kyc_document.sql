create function crm_api.submit_kyc_document(client_id uuid, kind text, file_name text, expires_on date)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    client_status text;
    client_tenant_id uuid;
    document_id uuid;
begin
    if submit_kyc_document.kind is null or submit_kyc_document.kind not in ('id_document', 'proof_of_address') then
        raise exception 'unknown document kind %', coalesce(submit_kyc_document.kind, 'null')
            using errcode = '22023',
                  hint = 'kind is id_document or proof_of_address';
    end if;
    if pg_catalog.btrim(coalesce(submit_kyc_document.file_name, '')) = '' then
        raise exception 'a document needs a file name'
            using errcode = '22023';
    end if;
    if submit_kyc_document.kind = 'id_document' and submit_kyc_document.expires_on is null then
        raise exception 'an identity document needs an expiry date'
            using errcode = '22023';
    end if;
    if submit_kyc_document.expires_on < current_date then
        raise exception 'the document expired on %', submit_kyc_document.expires_on
            using errcode = 'P0001',
                  hint = 'upload a valid document';
    end if;

    -- through the read view: the caller's own, assigned or desk clients only
    select clients.status, clients.tenant_id
    into client_status, client_tenant_id
    from crm_private.clients as clients
    where clients.id = submit_kyc_document.client_id;
    if not found then
        raise exception 'client % not found', submit_kyc_document.client_id
            using errcode = 'PT404';
    end if;
    if client_status not in ('lead', 'registered', 'kyc_pending') then
        raise exception 'client % is %: KYC is already decided', submit_kyc_document.client_id, client_status
            using errcode = 'PT409';
    end if;

    insert into crm.kyc_documents (tenant_id, client_id, kind, file_name, expires_on, uploaded_by)
    values (client_tenant_id, submit_kyc_document.client_id, submit_kyc_document.kind,
            pg_catalog.btrim(submit_kyc_document.file_name), submit_kyc_document.expires_on, core.current_user_id())
    returning kyc_documents.id into document_id;

    if client_status in ('lead', 'registered') then
        perform crm_private.transition_client(submit_kyc_document.client_id, 'kyc_pending', 'KYC document submitted');
    end if;
    return document_id;
end
$$;
comment on function crm_api.submit_kyc_document(uuid, text, text, date) is 'Adds a KYC document (id_document or proof_of_address) to a client the caller may see (the client itself, its agent, a manager of the desk) and moves a lead or registered client to kyc_pending; returns the document id. Raises 22023 for an unknown kind, no file name or an identity document without expiry, P0001 for an expired document, PT404 for a client not visible, PT409 once KYC is decided. Security definer: writes tables no API role may write, after checking visibility through crm_private.clients.';
