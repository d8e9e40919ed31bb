create function crm_private.enqueue_kyc_expiry_reminders(notice interval default interval '30 days')
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
    queued int;
begin
    -- the latest approved identity document of each client still trading,
    -- expiring within the notice period and not yet replaced; one
    -- core.enqueue_many per tenant, the documents in client order
    select pg_catalog.count(*)::int
    into queued
    from (
        select due.tenant_id,
               pg_catalog.array_agg(
                   crm_private.client_mail(due.client_id, 'kyc_expiring')
                       || pg_catalog.jsonb_build_object('document_id', due.id, 'expires_on', due.expires_on)
                   order by due.client_id) as payloads,
               pg_catalog.array_agg('kyc_expiring:' || due.id order by due.client_id) as dedupe_keys
        from (
            select distinct on (kyc_documents.client_id)
                   kyc_documents.id, kyc_documents.client_id, kyc_documents.tenant_id, kyc_documents.expires_on
            from crm.kyc_documents as kyc_documents
            join crm.clients as clients on clients.id = kyc_documents.client_id
            where kyc_documents.kind = 'id_document'
              and kyc_documents.status = 'approved'
              and clients.status in ('approved', 'funded', 'active', 'dormant')
            order by kyc_documents.client_id, kyc_documents.expires_on desc, kyc_documents.id
        ) as due
        where due.expires_on >= crm_private.today()
          and due.expires_on <= crm_private.today() + enqueue_kyc_expiry_reminders.notice
        group by due.tenant_id
    ) as per_tenant
    cross join lateral core.enqueue_many('mailer.kyc_expiring', per_tenant.payloads, now(), per_tenant.dedupe_keys,
                                         per_tenant.tenant_id) as jobs (id);
    return queued;
end
$$;
comment on function crm_private.enqueue_kyc_expiry_reminders(interval) is 'Daily (7_schedule/crm/kyc_expiry.sql): queues mailer.kyc_expiring for every client whose latest approved identity document expires within notice (default 30 days), once per document (deduplicated), so the client can submit a new one before trading and withdrawals stop at expiry; one core.enqueue_many per tenant. Returns how many documents it considered due (a repeat queues no second job).';
