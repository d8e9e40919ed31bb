create function med_private.current_school_ids()
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
    return (
        select coalesce(pg_catalog.array_agg(assignments.school_id), '{}')
        from med.school_assignments as assignments
        where assignments.user_id = (select core.current_user_id()));
end
$$;
comment on function med_private.current_school_ids() is 'The schools the acting nurse or aide is assigned to (empty for anyone else). Used by the row level policies of med_reader; security definer (search_path '''') so that the policies of med.school_assignments are not re-entered.';
