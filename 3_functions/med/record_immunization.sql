create function med_api.record_immunization(student_id uuid, vaccine text, given_on date)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    student med.students;
    immunization_id uuid;
begin
    if record_immunization.vaccine is null or not exists (select from med.vaccines as vaccines where vaccines.code = record_immunization.vaccine) then
        raise exception 'unknown vaccine %', coalesce(record_immunization.vaccine, 'null')
            using errcode = '22023', hint = 'vaccine codes are DTaP, Polio, MMR, HepB, Varicella, Tdap, MenACWY';
    end if;
    if record_immunization.given_on is null or record_immunization.given_on in ('infinity', '-infinity') then
        raise exception 'a dose needs the date it was given'
            using errcode = '22023';
    end if;
    student := med_private.visible_student(record_immunization.student_id);
    if record_immunization.given_on > med_private.school_local_date(student.school_id) then
        raise exception 'a dose given on % is in the future', record_immunization.given_on
            using errcode = '22023';
    end if;
    if record_immunization.given_on < student.birth_date then
        raise exception 'a dose given on % is before the student''s birth (%)', record_immunization.given_on, student.birth_date
            using errcode = '22023';
    end if;

    insert into med.immunizations (tenant_id, student_id, vaccine, given_on, recorded_by)
    values (student.tenant_id, student.id, record_immunization.vaccine, record_immunization.given_on, core.current_user_id())
    returning immunizations.id into immunization_id;
    return immunization_id;
end
$$;
comment on function med_api.record_immunization(uuid, text, date) is 'Records a vaccine dose (DTaP, Polio, MMR, HepB, Varicella, Tdap, MenACWY) of a student of the nurse''s schools, as given on a date. Whether it counts is decided when the status is read (med_api.immunization_status, immunization_doses). Raises 22023 for an unknown vaccine or a date missing, in the future or before birth, 23505 for the same vaccine twice on one day, PT404 for a student not visible. Security definer.';
