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
    perform core.check_text(submit_kyc_document.file_name, 'a file name', 255);
    if submit_kyc_document.kind is null or submit_kyc_document.kind not in ('id_document', 'proof_of_address') then
        raise exception 'unknown document kind %', coalesce(submit_kyc_document.kind, 'null')
            using errcode = '22023',
                  hint = 'kind is id_document or proof_of_address';
    end if;
    -- white space only is none: btrim strips only the space, not a tab, a
    -- line break or a no-break space
    if not core.has_text(submit_kyc_document.file_name) then
        raise exception 'a document needs a file name'
            using errcode = '22023';
    end if;
    if submit_kyc_document.kind = 'id_document' and submit_kyc_document.expires_on is null then
        raise exception 'an identity document needs an expiry date'
            using errcode = '22023';
    end if;
    if not pg_catalog.isfinite(submit_kyc_document.expires_on)
       or submit_kyc_document.expires_on > crm_private.today() + interval '15 years' then
        raise exception 'implausible expiry date %', submit_kyc_document.expires_on
            using errcode = '22023',
                  hint = 'a document expires on a real date at most 15 years ahead';
    end if;
    if submit_kyc_document.expires_on < crm_private.today() then
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
    -- the status again under the client's row lock, held to the end: two
    -- documents uploaded at once move a lead to kyc_pending once, the
    -- second seeing the first's status
    client_status := (crm_private.lock_client(submit_kyc_document.client_id)).status;
    -- before approval: documents for the first review; after it (approved,
    -- funded, active, dormant): new documents for re-KYC, reviewed the same way
    if client_status = 'closed' then
        raise exception 'client % is closed', submit_kyc_document.client_id
            using errcode = 'PT409';
    end if;
    if client_status in ('approved', 'funded', 'active', 'dormant') and exists (
        select
        from crm.kyc_documents as kyc_documents
        where kyc_documents.client_id = submit_kyc_document.client_id
          and kyc_documents.kind = submit_kyc_document.kind
          and kyc_documents.status = 'approved'
          and (kyc_documents.expires_on is null or kyc_documents.expires_on > crm_private.today() + 30)
    ) then
        raise exception 'client % has a valid approved % already: KYC is decided', submit_kyc_document.client_id, submit_kyc_document.kind
            using errcode = 'PT409',
                  hint = 'a new document is accepted within 30 days of the approved one''s expiry, or after it';
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
comment on function crm_api.submit_kyc_document(uuid, text, text, date) is 'Adds a KYC document (id_document or proof_of_address) to a client the caller may see (the client itself, its agent, a manager of the desk) and moves a lead or registered client to kyc_pending; returns the document id. After approval a new document of a kind is accepted when the approved one expires within 30 days or has expired (re-KYC; the client keeps its status). Raises 22023 for an unknown kind, no file name, an identity document without expiry or an expiry that is infinite or more than 15 years ahead, P0001 for an expired document, PT404 for a client not visible, PT409 for a closed client or once KYC is decided and the approved document of that kind is still valid for more than 30 days. Security definer: writes tables no API role may write, after checking visibility through crm_private.clients.';
