create function crm_api.review_kyc(client_id uuid, approve boolean, reason text default null)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    client_status text;
    reviewer_id uuid := core.current_user_id();
    is_rekyc boolean;
begin
    perform core.check_text(review_kyc.reason, 'a reason', 4000);
    if review_kyc.approve is null then
        raise exception 'approve must be true or false'
            using errcode = '22023';
    end if;

    select clients.status
    into client_status
    from crm_private.clients as clients
    where clients.id = review_kyc.client_id;
    if not found then
        raise exception 'client % not found', review_kyc.client_id
            using errcode = 'PT404';
    end if;
    -- the status and the pending documents again under the client's row
    -- lock, held to the end (submit_kyc_document takes it too): of two
    -- reviews at once the second waits and finds nothing pending (PT409),
    -- instead of deciding nothing and telling the client a second, contrary
    -- decision (a re-KYC review moves no status, so took no lock before)
    client_status := (crm_private.lock_client(review_kyc.client_id)).status;
    -- re-KYC: an approved client with new documents pending keeps its status
    is_rekyc := crm_private.client_is_kyc_approved(review_kyc.client_id);
    if is_rekyc and not exists (
        select
        from crm.kyc_documents as kyc_documents
        where kyc_documents.client_id = review_kyc.client_id
          and kyc_documents.status = 'pending'
    ) then
        raise exception 'client % is already approved', review_kyc.client_id
            using errcode = 'PT409';
    end if;
    if not is_rekyc and client_status <> 'kyc_pending' then
        raise exception 'client % has no documents under review (status %)', review_kyc.client_id, client_status
            using errcode = 'PT409';
    end if;

    -- four eyes: nobody reviews documents they uploaded
    if exists (
        select
        from crm.kyc_documents as kyc_documents
        where kyc_documents.client_id = review_kyc.client_id
          and kyc_documents.status = 'pending'
          and kyc_documents.uploaded_by = reviewer_id
    ) then
        raise exception 'you uploaded a document of client %: another officer must review it', review_kyc.client_id
            using errcode = '42501',
                  detail = 'four-eyes rule: the reviewer may not be the uploader';
    end if;

    if review_kyc.approve then
        -- a re-KYC may lean on an approved document still valid, never on
        -- nothing: some pending document must be one to approve
        if not exists (
            select
            from crm.kyc_documents as kyc_documents
            where kyc_documents.client_id = review_kyc.client_id
              and kyc_documents.status = 'pending'
              and (kyc_documents.expires_on is null or kyc_documents.expires_on >= crm_private.today())
        ) then
            raise exception 'client % has no valid document under review', review_kyc.client_id
                using errcode = 'P0001',
                      hint = 'every pending document has expired: reject them, and the client submits new ones';
        end if;
        if not exists (
            select
            from crm.kyc_documents as kyc_documents
            where kyc_documents.client_id = review_kyc.client_id
              and (kyc_documents.status = 'pending' or (is_rekyc and kyc_documents.status = 'approved'))
              and kyc_documents.kind = 'id_document'
              and kyc_documents.expires_on >= crm_private.today()
        ) then
            raise exception 'client % has no valid identity document under review', review_kyc.client_id
                using errcode = 'P0001',
                      hint = 'approval needs an unexpired id_document and proof_of_address';
        end if;
        if not exists (
            select
            from crm.kyc_documents as kyc_documents
            where kyc_documents.client_id = review_kyc.client_id
              and (kyc_documents.status = 'pending' or (is_rekyc and kyc_documents.status = 'approved'))
              and kyc_documents.kind = 'proof_of_address'
              and (kyc_documents.expires_on is null or kyc_documents.expires_on >= crm_private.today())
        ) then
            raise exception 'client % has no valid proof of address under review', review_kyc.client_id
                using errcode = 'P0001',
                      hint = 'approval needs an unexpired id_document and proof_of_address';
        end if;
    end if;

    update crm.kyc_documents as kyc_documents
    set status = case when review_kyc.approve
                       and (kyc_documents.expires_on is null or kyc_documents.expires_on >= crm_private.today())
                      then 'approved' else 'rejected' end,
        reviewed_by = reviewer_id,
        reviewed_at = pg_catalog.clock_timestamp(),
        review_reason = case when review_kyc.approve
                              and kyc_documents.expires_on < crm_private.today()
                             then 'expired' else review_kyc.reason end
    where kyc_documents.client_id = review_kyc.client_id
      and kyc_documents.status = 'pending';

    if not is_rekyc then
        perform crm_private.transition_client(
            review_kyc.client_id,
            case when review_kyc.approve then 'approved' else 'registered' end,
            coalesce(review_kyc.reason, case when review_kyc.approve then 'KYC approved' else 'KYC rejected' end));
    end if;

    perform core.enqueue('mailer.kyc_decision',
        crm_private.client_mail(review_kyc.client_id, 'kyc_decision')
            || pg_catalog.jsonb_build_object(
                   'approved', review_kyc.approve,
                   -- the letter always states a reason (the mailer refuses a blank one)
                   'reason', coalesce(nullif(pg_catalog.btrim(review_kyc.reason), ''),
                                      case when review_kyc.approve then 'documents verified'
                                           else 'the documents could not be verified' end)));
end
$$;
comment on function crm_api.review_kyc(uuid, boolean, text) is 'Compliance decides a client''s pending KYC documents: approval needs an unexpired id_document and proof_of_address (P0001) and moves the client to approved; rejection returns it to registered. Re-KYC: for a client approved before, with new documents pending, approval needs an unexpired id_document and a valid proof of address, each pending or approved before (a proof of address renewed alone is approved beside the valid approved identity document; some pending document must be unexpired), and the status stays; rejection leaves the old documents as they are. Enqueues mailer.kyc_decision. Raises 42501 when the reviewer uploaded one of the documents (four eyes), PT404 for a client not visible, PT409 when already approved with nothing pending, or nothing is under review. Holds the client''s row for update to the end, so that two reviews at once are decided once. Security definer: writes tables no API role may write, after checking visibility through crm_private.clients.';
