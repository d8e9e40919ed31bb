create function med_api.document_content(id uuid)
returns bytea
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
    content bytea;
begin
    if not exists (select from med_private.documents as documents where documents.id = document_content.id) then
        raise exception 'document % not found', coalesce(document_content.id::text, 'null')
            using errcode = 'PT404';
    end if;
    select documents.content into content from core.documents as documents where documents.id = document_content.id;
    return content;
end
$$;
comment on function med_api.document_content(uuid) is 'The bytes of a rendered PDF whose subject (a student or a screening) the caller may see, as listed in med_api.documents. Nurse, aide, supervisor, guardian. Raises PT404 for a document that does not exist or is not visible. Security definer: core.documents is not readable by API roles.';
