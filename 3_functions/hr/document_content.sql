create function hr_api.document_content(id uuid)
returns bytea
language plpgsql
stable
set search_path = ''
as $$
declare
    content bytea;
begin
    select documents.content
    into content
    from hr_private.documents as documents
    where documents.id = document_content.id;
    if content is null then
        raise exception 'document % not found', coalesce(document_content.id::text, 'null')
            using errcode = 'PT404';
    end if;
    return content;
end
$$;
comment on function hr_api.document_content(uuid) is 'The PDF bytes of a document the caller may see (hr_private.documents: their own payslips and offer letter, the group''s for payroll and admins, none for managers); PT404 otherwise. Security invoker: the read goes through the private view, whose policies decide.';
