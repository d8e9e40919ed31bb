create function hr_private.visible_position(position_id uuid)
returns table (id uuid, tenant_id uuid, department_id uuid, hotel_id uuid, title text)
language plpgsql
stable
set search_path = ''
as $$
begin
    return query
    select positions.id, positions.tenant_id, positions.department_id, departments.hotel_id, positions.title
    from hr_private.positions as positions
    join hr_private.departments as departments on departments.id = positions.department_id
    where positions.id = visible_position.position_id;
    if not found then
        raise exception 'position % not found', coalesce(visible_position.position_id::text, 'null')
            using errcode = 'PT404';
    end if;
end
$$;
comment on function hr_private.visible_position(uuid) is 'The position with its department and hotel when the caller may see it (through hr_private.positions, so the policies decide); PT404 otherwise.';
