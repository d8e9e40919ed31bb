create function med_api.record_allergy(student_id uuid, allergen text, reaction text, severity text)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    student med.students;
    allergy_id uuid;
begin
    -- the allergen is unique per student through a btree index, which holds
    -- no more than about 2700 bytes: a longer one failed with 54000
    perform core.check_text(record_allergy.allergen, 'an allergen', 200);
    perform core.check_text(record_allergy.reaction, 'a reaction', 4000);
    if not core.has_text(record_allergy.allergen) then
        raise exception 'an allergy needs an allergen'
            using errcode = '22023';
    end if;
    if record_allergy.severity is null or record_allergy.severity not in ('mild', 'moderate', 'severe') then
        raise exception 'unknown severity %', coalesce(record_allergy.severity, 'null')
            using errcode = '22023', hint = 'severity is mild, moderate or severe';
    end if;
    student := med_private.visible_student(record_allergy.student_id);

    insert into med.allergies (tenant_id, student_id, allergen, reaction, severity, recorded_by)
    values (student.tenant_id, student.id, pg_catalog.btrim(record_allergy.allergen),
            -- a reaction of white space or invisible characters only is none
            case when core.has_text(record_allergy.reaction) then pg_catalog.btrim(record_allergy.reaction) end,
            record_allergy.severity, core.current_user_id())
    returning allergies.id into allergy_id;
    return allergy_id;
end
$$;
comment on function med_api.record_allergy(uuid, text, text, text) is 'Records an allergy (allergen, reaction, severity mild/moderate/severe) of a student of the nurse''s schools. Raises 22023 for a blank allergen or one over 200 characters or an unknown severity, PT404 for a student not visible, 23505 when the allergen is already recorded. Security definer: writes med.allergies after checking visibility through med_private.students.';
