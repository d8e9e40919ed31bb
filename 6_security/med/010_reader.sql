-- med_reader owns the private read views; the policies in this folder are
-- written for it. Every med table is readable by it (and by nobody else);
-- the policies pick the rows. The helpers the policies call run for whoever
-- reads a view, so every logged-in med role may execute them (they reveal
-- only the caller's own schools, children, roster and guardian row, and the
-- ids of the students the caller's views show anyway).
grant usage on schema med_private to med_reader;
grant select on all tables in schema med to med_reader;

grant execute on function med_private.current_school_ids(), med_private.current_child_ids(),
    med_private.current_roster_ids(), med_private.visible_student_ids()
to med_reader, med_nurse, med_aide, med_teacher, med_guardian, med_supervisor;
-- current_guardian_id serves the guardians' policy on student_guardians and
-- record_consent: never a teacher, who reads neither
grant execute on function med_private.current_guardian_id()
to med_reader, med_nurse, med_aide, med_guardian, med_supervisor;

-- every med table: row level security enabled and forced
do $$
declare
    t regclass;
begin
    for t in
        select c.oid::regclass
        from pg_catalog.pg_class as c
        where c.relnamespace = 'med'::regnamespace
          and c.relkind in ('r', 'p')
    loop
        execute pg_catalog.format('alter table %s enable row level security', t);
        execute pg_catalog.format('alter table %s force row level security', t);
    end loop;
end
$$;
