create function crm_private.enqueue_kyc_expiry_reminders(notice interval default interval '30 days')
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
    document record;
    queued int := 0;
begin
    -- the latest approved identity document of each client still trading,
    -- expiring within the notice period and not yet replaced
    for document in
        select distinct on (kyc_documents.client_id)
               kyc_documents.id, kyc_documents.client_id, kyc_documents.tenant_id, kyc_documents.expires_on
        from crm.kyc_documents as kyc_documents
        join crm.clients as clients on clients.id = kyc_documents.client_id
        where kyc_documents.kind = 'id_document'
          and kyc_documents.status = 'approved'
          and clients.status in ('approved', 'funded', 'active', 'dormant')
        order by kyc_documents.client_id, kyc_documents.expires_on desc, kyc_documents.id
    loop
        continue when document.expires_on < current_date
                   or document.expires_on > current_date + enqueue_kyc_expiry_reminders.notice;
        perform core.enqueue(
            'mailer.kyc_expiring',
            crm_private.client_mail(document.client_id, 'kyc_expiring')
                || pg_catalog.jsonb_build_object('document_id', document.id, 'expires_on', document.expires_on),
            now(),
            'kyc_expiring:' || document.id,
            document.tenant_id);
        queued := queued + 1;
    end loop;
    return queued;
end
$$;
comment on function crm_private.enqueue_kyc_expiry_reminders(interval) is 'Daily (7_schedule/crm/kyc_expiry.sql): queues mailer.kyc_expiring for every client whose latest approved identity document expires within notice (default 30 days), once per document (deduplicated), so the client can submit a new one before trading and withdrawals stop at expiry. Returns how many documents it considered due (a repeat queues no second job).';
