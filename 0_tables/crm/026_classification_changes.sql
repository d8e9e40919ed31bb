create table crm.classification_changes (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null,
    client_id uuid not null,
    from_classification text not null,
    to_classification text not null,
    evidence text,
    approved_by uuid not null references core.users (id),
    approved_at timestamptz not null default now(),
    constraint classification_changes_client_id_fkey foreign key (client_id, tenant_id) references crm.clients (id, tenant_id),
    constraint classification_changes_classification_is_known check (
        from_classification in ('retail', 'professional') and to_classification in ('retail', 'professional')),
    constraint classification_changes_professional_needs_evidence check (
        to_classification <> 'professional' or coalesce(evidence, '') ~ '[^[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\U0001d159\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]')
);
create index classification_changes_client_id_idx on crm.classification_changes (client_id);
comment on table crm.classification_changes is 'Every change of a client''s classification: who approved it, when, and the evidence (required to become professional).';
