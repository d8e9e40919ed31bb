create function crm_private.require_client_in_good_standing(client_id uuid, action text)
returns void
language plpgsql
stable
set search_path = ''
as $$
declare
    client_status text;
    id_expires_on date;
begin
    select clients.status
    into client_status
    from crm.clients as clients
    where clients.id = require_client_in_good_standing.client_id;
    if client_status = 'closed' then
        raise exception 'client % is closed: no %', require_client_in_good_standing.client_id, require_client_in_good_standing.action
            using errcode = 'PT409';
    end if;
    if client_status is null or client_status not in ('approved', 'funded', 'active', 'dormant') then
        raise exception 'client % is % (KYC not approved): no %', require_client_in_good_standing.client_id,
                        coalesce(client_status, 'unknown'), require_client_in_good_standing.action
            using errcode = 'P0001',
                  hint = 'this needs approved KYC (review_kyc)';
    end if;

    -- re-KYC: the approved identity document must still be valid
    select pg_catalog.max(kyc_documents.expires_on)
    into id_expires_on
    from crm.kyc_documents as kyc_documents
    where kyc_documents.client_id = require_client_in_good_standing.client_id
      and kyc_documents.kind = 'id_document'
      and kyc_documents.status = 'approved';
    if id_expires_on is null or id_expires_on < crm_private.today() then
        raise exception 'the identity document of client % expired on %: no % until a new one is approved',
                        require_client_in_good_standing.client_id, coalesce(id_expires_on::text, '(none approved)'), require_client_in_good_standing.action
            using errcode = 'P0001',
                  hint = 'submit a new id_document (submit_kyc_document) for compliance to approve';
    end if;
end
$$;
comment on function crm_private.require_client_in_good_standing(uuid, text) is 'Refuses an action (open an account, trade, withdraw) for a client that may not do it: PT409 for a closed client, P0001 for one without approved KYC, and P0001 when its approved identity document has expired (re-KYC: a new document must be approved first). Internal; callers checked visibility.';
