create function crm_private.document_job(tenant_id uuid, template text, subject_table text, subject_id uuid, file_name text)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
    tenant_name text;
begin
    select tenants.name into tenant_name from core.tenants as tenants where tenants.id = document_job.tenant_id;
    return pg_catalog.jsonb_build_object(
        'app', 'crm',
        'template', document_job.template,
        'subject_table', document_job.subject_table,
        'subject_id', document_job.subject_id,
        'file_name', document_job.file_name,
        'tenant_name', tenant_name);
end
$$;
comment on function crm_private.document_job(uuid, text, text, uuid, text) is 'The envelope of a pdfgen job (docs/jobs.md): app crm, template, subject_table and subject_id (the row the stored document is about, whose visibility it follows), file_name and tenant_name; each CRM document job adds its own fields with ||. Internal.';
