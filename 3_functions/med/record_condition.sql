create function med_api.record_condition(student_id uuid, name text, notes text default null, diagnosed_on date default null)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    student med.students;
    condition_id uuid;
begin
    perform core.check_text(record_condition.name, 'a condition', 200);
    perform core.check_text(record_condition.notes, 'notes', 4000);
    if not core.has_text(record_condition.name) then
        raise exception 'a condition needs a name'
            using errcode = '22023';
    end if;
    student := med_private.visible_student(record_condition.student_id);
    -- the school's today, not the server's (UTC runs ahead of America);
    -- infinity is in the future, -infinity before birth: both 22023
    if record_condition.diagnosed_on > med_private.school_local_date(student.school_id) then
        raise exception 'a diagnosis on % is in the future', record_condition.diagnosed_on
            using errcode = '22023';
    end if;
    if record_condition.diagnosed_on < student.birth_date then
        raise exception 'a diagnosis on % is before the student''s birth (%)', record_condition.diagnosed_on, student.birth_date
            using errcode = '22023';
    end if;

    insert into med.conditions (tenant_id, student_id, name, notes, diagnosed_on, recorded_by)
    values (student.tenant_id, student.id, pg_catalog.btrim(record_condition.name), record_condition.notes,
            record_condition.diagnosed_on, core.current_user_id())
    returning conditions.id into condition_id;
    return condition_id;
end
$$;
comment on function med_api.record_condition(uuid, text, text, date) is 'Records a diagnosed condition of a student of the nurse''s schools. Raises 22023 for a blank name or a diagnosis date infinite, in the future (the school''s today) or before birth, PT404 for a student not visible. Security definer: writes med.conditions after checking visibility through med_private.students.';
