create function med_private.seen_student(student_id uuid)
returns med.students
language plpgsql
stable
set search_path = ''
as $$
declare
    student med.students;
begin
    if seen_student.student_id is null or not exists (
        select
        from med_private.students as students
        where students.id = seen_student.student_id
    ) then
        raise exception 'student % not found', coalesce(seen_student.student_id::text, 'null')
            using errcode = 'PT404';
    end if;
    select * into student from med.students as students where students.id = seen_student.student_id;
    return student;
end
$$;
comment on function med_private.seen_student(uuid) is 'The student row when the acting user may see it (through med_private.students); PT404 otherwise. The read-only twin of visible_student, for stable API functions (no lock).';
