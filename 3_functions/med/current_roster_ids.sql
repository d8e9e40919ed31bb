create function med_private.current_roster_ids()
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
    return (
        select coalesce(pg_catalog.array_agg(rosters.student_id), '{}')
        from med.rosters as rosters
        where rosters.teacher_id = (select core.current_user_id()));
end
$$;
comment on function med_private.current_roster_ids() is 'The students on the acting teacher''s roster (empty for anyone else). Used by the row level policies of med_reader; security definer (search_path '''') so that the policies of med.rosters are not re-entered.';
