create function med_private.visible_student_ids()
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
    -- a guardian's and a teacher's few students found by their ids (the
    -- students' primary key): the policies of med.students still decide,
    -- this only narrows the read, which otherwise tests every student of the
    -- district for one parent
    case core.current_user_role()
        when 'med_guardian' then
            return array(select students.id
                           from med.students as students
                          where students.id = any (med_private.current_child_ids()));
        when 'med_teacher' then
            return array(select students.id
                           from med.students as students
                          where students.id = any (med_private.current_roster_ids()));
        else
            return array(select students.id from med.students as students);
    end case;
end
$$;
comment on function med_private.visible_student_ids() is 'The students the acting user sees, as the policies of med.students decide (a nurse or an aide the students of their schools, a teacher the roster, a guardian their children but none under a custody restriction against them, the supervisor the district; nobody else any): owned by med_reader, as the private views are, so that those policies apply to its read. The policies of the tables of a child''s history (visits, allergies, conditions, action plans, consents, orders, immunizations, pickups, the read log) read it once per statement as `student_id = any(...)`: the same clause in every audience''s policy, which the planner takes out of their OR and puts on the student_id index, where a correlated exists over med.students was run once per row of the whole district. Not used where the planner would filter a scan with it (guardian links, custody, doses given, exemptions, conditional enrollments, rosters, and screenings, which the documents view tests once per referral letter): a list parameter is tested element by element, which for the supervisor''s whole district cost seconds at 45,000 students. For a guardian or a teacher it reads only the students of current_child_ids() or current_roster_ids(), which their policies would leave anyway: at 45,000 students a guardian''s read of allergies, visits or orders took 10 ms, 2 ms with it. PL/pgSQL and not SQL, as every helper a policy calls, so that a session plans its reads once and not at every call (README, Writing SQL; tests/core/policy_helpers.sql).';
alter function med_private.visible_student_ids() owner to med_reader;
