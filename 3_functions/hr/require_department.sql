create function hr_private.require_department(department_id uuid)
returns void
language plpgsql
stable
set search_path = ''
as $$
declare
    -- null for a former employee, who is neither
    acting_role name := hr_private.acting_role();
begin
    if acting_role = 'hr_admin' then
        return;
    end if;
    if acting_role = 'hr_manager'
       and require_department.department_id = hr_private.current_department_id() then
        return;
    end if;
    raise exception 'only the department''s manager or an admin may do this'
        using errcode = '42501';
end
$$;
comment on function hr_private.require_department(uuid) is 'Raises 42501 unless the caller acts (hr_private.acting_role(): not once their employment is over) as an admin of the group or as the manager of this department (managers act only within their department).';
