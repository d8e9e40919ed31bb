create function med_api.set_emergency_instructions(student_id uuid, instructions text)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    student med.students;
begin
    perform core.check_text(set_emergency_instructions.instructions, 'instructions', 4000);
    -- visibility without a share lock: the update below locks the row (a
    -- share lock first would let two concurrent updates deadlock)
    student := med_private.seen_student(set_emergency_instructions.student_id);
    update med.students as students
    -- null, blank or white space and invisible characters only: cleared
    set emergency_instructions = case when core.has_text(set_emergency_instructions.instructions)
                                      then pg_catalog.btrim(set_emergency_instructions.instructions) end
    where students.id = student.id;
end
$$;
comment on function med_api.set_emergency_instructions(uuid, text) is 'Sets (or clears, with null or blank) a student''s emergency instructions, which teachers of the roster read. Nurse; PT404 for a student not visible. Security definer: writes med.students after checking visibility.';
