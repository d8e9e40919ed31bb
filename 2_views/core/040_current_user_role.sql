create function core.current_user_role()
returns name
language sql
stable
security definer
set search_path = ''
as $$
    select users.role
    from core.users as users
    where users.id = core.current_user_id()
$$;
comment on function core.current_user_role() is 'The acting user''s application role as recorded in core.users (crm_client, med_nurse, ...), null when anonymous. Policies evaluated for the <app>_reader roles use it to tell audiences apart. Security definer (search_path '''') because it reads core.users.';
