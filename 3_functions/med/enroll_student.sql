create function med_api.enroll_student(school_id uuid, first_name text, last_name text, birth_date date, grade int)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    school med.schools;
    local_today date;
    new_student_id uuid;
begin
    perform core.check_text(enroll_student.first_name, 'a first name', 200);
    perform core.check_text(enroll_student.last_name, 'a last name', 200);
    if not core.has_text(enroll_student.first_name) or not core.has_text(enroll_student.last_name) then
        raise exception 'a student needs a first and a last name'
            using errcode = '22023';
    end if;
    if enroll_student.grade is null or enroll_student.grade not between 0 and 12 then
        raise exception 'grade must be 0 (kindergarten) to 12, got %', coalesce(enroll_student.grade::text, 'null')
            using errcode = '22023';
    end if;
    if enroll_student.birth_date is null or enroll_student.birth_date in ('infinity', '-infinity') then
        raise exception 'invalid birth date %', coalesce(enroll_student.birth_date::text, 'null')
            using errcode = '22023';
    end if;

    -- visibility through the read view: a nurse her assigned schools, the supervisor the district
    if not exists (select from med_private.schools as schools where schools.id = enroll_student.school_id) then
        raise exception 'school % not found', coalesce(enroll_student.school_id::text, 'null')
            using errcode = 'PT404';
    end if;
    select * into school from med.schools as schools where schools.id = enroll_student.school_id;
    local_today := (now() at time zone school.time_zone)::date;

    if enroll_student.birth_date > local_today then
        raise exception 'birth date % is in the future', enroll_student.birth_date
            using errcode = '22023';
    end if;
    if pg_catalog.date_part('year', pg_catalog.age(local_today, enroll_student.birth_date)) not between 3 and 21 then
        raise exception 'a student born on % is % years old: school age is 3 to 21', enroll_student.birth_date,
                        pg_catalog.date_part('year', pg_catalog.age(local_today, enroll_student.birth_date))
            using errcode = 'P0001';
    end if;
    if enroll_student.grade not between school.lowest_grade and school.highest_grade then
        raise exception '% teaches grades % to %, not %', school.name, school.lowest_grade, school.highest_grade, enroll_student.grade
            using errcode = 'P0001';
    end if;

    insert into med.students (tenant_id, school_id, first_name, last_name, birth_date, grade, enrolled_on)
    values (school.tenant_id, school.id, pg_catalog.btrim(enroll_student.first_name), pg_catalog.btrim(enroll_student.last_name),
            enroll_student.birth_date, enroll_student.grade, local_today)
    returning students.id into new_student_id;
    return new_student_id;
end
$$;
comment on function med_api.enroll_student(uuid, text, text, date, int) is 'Enrolls a student at a school the caller may see (a nurse''s assigned school, any school of the supervisor''s district). Raises 22023 for a blank name, a grade outside 0..12, a birth date missing or in the future, or a grade that does not fit the age (more than two grades from the usual one, the age on 1 September of the school year minus 5: med_private.check_grade_fits_age, the trigger of med.students), P0001 for an age outside 3..21 or a grade the school does not teach, PT404 for a school not visible. Security definer: writes med.students, which no API role may write, after checking visibility through med_private.schools.';
