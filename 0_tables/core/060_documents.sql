create table core.documents (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references core.tenants (id),
    app text not null,
    kind text not null,
    subject_table text not null,
    subject_id uuid not null,
    job_id bigint not null,
    file_name text not null,
    content bytea not null,
    sha256 text not null,
    created_at timestamptz not null default now(),
    constraint documents_app_is_known check (app in ('crm', 'med', 'hr')),
    constraint documents_subject_table_is_qualified check (subject_table ~ '^(crm|med|hr)\.[a-z_]+$'),
    constraint documents_sha256_is_hex check (sha256 ~ '^[0-9a-f]{64}$'),
    constraint documents_content_is_pdf check (pg_catalog.substr(content, 1, 5) = '\x255044462d'::bytea)
);
create unique index documents_job_id_key on core.documents (job_id);
create index documents_subject_idx on core.documents (app, subject_table, subject_id);
create index documents_tenant_id_idx on core.documents (tenant_id);
comment on table core.documents is 'Documents rendered by the pdfgen worker (receipts, statements, immunization records, payslips, offer letters): one per job (unique job_id, so a retried job stores nothing twice). Each application serves the documents of the rows its users may see through <app>_api.documents and <app>_api.document_content(id).';
comment on column core.documents.subject_table is 'The row the document is about, as schema.table (crm.withdrawals, med.students, hr.payslips): visibility follows that row.';
comment on column core.documents.job_id is 'The pdfgen job that rendered it (no foreign key: finished jobs are purged, documents are kept).';
