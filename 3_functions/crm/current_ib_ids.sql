create function crm_private.current_ib_ids()
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
    return (
        with recursive subtree as (
            select ibs.id
            from crm.ibs as ibs
            where ibs.user_id = (select core.current_user_id())
            union
            select children.id
            from crm.ibs as children
            join subtree on children.parent_id = subtree.id
        )
        select coalesce(pg_catalog.array_agg(subtree.id), '{}')
        from subtree);
end
$$;
comment on function crm_private.current_ib_ids() is 'The acting IB and all IBs below it (its subtree), empty for anyone else. Used by the row level policies of the crm_reader role; security definer so that the policies of crm.ibs are not re-entered.';
