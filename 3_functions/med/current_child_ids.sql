create function med_private.current_child_ids()
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
    return (
        select coalesce(pg_catalog.array_agg(links.student_id), '{}')
        from med.guardians as guardians
        join med.student_guardians as links on links.guardian_id = guardians.id
        join med.students as students on students.id = links.student_id
        join med.schools as schools on schools.id = students.school_id
        where guardians.user_id = (select core.current_user_id())
          and not exists (
              select
              from med.custody_restrictions as restrictions
              where restrictions.student_id = links.student_id
                and restrictions.guardian_id = guardians.id
                and restrictions.starts_on <= (now() at time zone schools.time_zone)::date
                and (restrictions.ends_on is null or restrictions.ends_on >= (now() at time zone schools.time_zone)::date)));
end
$$;
comment on function med_private.current_child_ids() is 'The children of the acting guardian, minus every child under a custody restriction in force against them (from starts_on through ends_on, both days included, judged on the school-local date); empty for anyone else. Used by the row level policies of med_reader; security definer (search_path '''') so that the policies of the guardian tables are not re-entered.';
