create function crm_private.current_desk_id()
returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
    return (
        select staff.desk_id
        from crm.staff as staff
        where staff.user_id = (select core.current_user_id()));
end
$$;
comment on function crm_private.current_desk_id() is 'The acting staff member''s desk (null for none). Used by the row level policies of the crm_reader role; security definer so that the policies of crm.staff are not re-entered.';
