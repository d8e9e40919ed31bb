create function crm_api.document_content(id uuid)
returns bytea
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
    content bytea;
begin
    -- visibility through the private view, so the subject row's policies decide
    if not exists (select from crm_private.documents as documents where documents.id = document_content.id) then
        raise exception 'document % not found', document_content.id
            using errcode = 'PT404';
    end if;
    select documents.content
    into content
    from core.documents as documents
    where documents.id = document_content.id;
    return content;
end
$$;
comment on function crm_api.document_content(uuid) is 'The bytes of a rendered CRM document (a PDF) whose subject row the caller may see (crm_api.documents); PT404 otherwise. Read-only (stable). Security definer (search_path '''') because no API role may read core.documents; it checks visibility through crm_private.documents first.';
