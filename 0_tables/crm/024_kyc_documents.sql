create table crm.kyc_documents (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null,
    client_id uuid not null,
    kind text not null,
    file_name text not null,
    expires_on date,
    status text not null default 'pending',
    uploaded_by uuid references core.users (id),
    uploaded_at timestamptz not null default now(),
    reviewed_by uuid references core.users (id),
    reviewed_at timestamptz,
    review_reason text,
    constraint kyc_documents_client_id_fkey foreign key (client_id, tenant_id) references crm.clients (id, tenant_id),
    constraint kyc_documents_kind_is_known check (kind in ('id_document', 'proof_of_address')),
    constraint kyc_documents_status_is_known check (status in ('pending', 'approved', 'rejected')),
    constraint kyc_documents_file_name_not_blank check (file_name ~ '[^[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\U0001d159\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]'),
    constraint kyc_documents_id_document_expires check (kind <> 'id_document' or expires_on is not null),
    constraint kyc_documents_reviewed_when_decided check ((status = 'pending') = (reviewed_at is null and reviewed_by is null)),
    constraint kyc_documents_reviewer_is_not_uploader check (reviewed_by <> uploaded_by)
);
create index kyc_documents_client_id_idx on crm.kyc_documents (client_id);
create index kyc_documents_pending_idx on crm.kyc_documents (tenant_id, uploaded_at) where status = 'pending';
comment on table crm.kyc_documents is 'KYC documents of a client (identity document, proof of address) with expiry; reviewed by compliance, never by their uploader (four eyes).';
comment on column crm.kyc_documents.file_name is 'The stored file; never shown to agents or IBs.';
comment on column crm.kyc_documents.expires_on is 'Required for an identity document; null means a proof of address without expiry.';
