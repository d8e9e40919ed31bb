create function med_private.visible_student(student_id uuid)
returns med.students
language plpgsql
volatile
set search_path = ''
as $$
declare
    student med.students;
begin
    -- visibility through the private view, so row level security decides
    if visible_student.student_id is null or not exists (
        select
        from med_private.students as students
        where students.id = visible_student.student_id
    ) then
        raise exception 'student % not found', coalesce(visible_student.student_id::text, 'null')
            using errcode = 'PT404';
    end if;

    select *
    into student
    from med.students as students
    where students.id = visible_student.student_id
    for share;
    return student;
end
$$;
comment on function med_private.visible_student(uuid) is 'The student row (share-locked, so it cannot change or vanish under the caller) when the acting user may see it (through med_private.students, so the policies decide); PT404 otherwise. Called by the definer API functions that write about a student.';
