create function med_api.record_consent(student_id uuid, school_year int, kind text, is_granted boolean)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
-- the ON CONFLICT inference clause names columns that are also parameter names
#variable_conflict use_column
declare
    student med.students;
    caller_role name := core.current_user_role();
    guardian_id uuid;
    local_today date;
    consent_id uuid;
begin
    if record_consent.kind is null or record_consent.kind not in ('emergency_treatment', 'medication', 'screening', 'health_history_form', 'physical_exam_form') then
        raise exception 'unknown consent or form %', coalesce(record_consent.kind, 'null')
            using errcode = '22023',
                  hint = 'kind is emergency_treatment, medication, screening, health_history_form or physical_exam_form';
    end if;
    if record_consent.is_granted is null then
        raise exception 'is_granted must be true or false'
            using errcode = '22023';
    end if;
    student := med_private.visible_student(record_consent.student_id);
    local_today := med_private.school_local_date(student.school_id);
    -- the school year starting in August: 2026 = 2026-27; this year or the next only
    if record_consent.school_year is null
       or record_consent.school_year not between pg_catalog.date_part('year', local_today - interval '7 months')::int
                                               and pg_catalog.date_part('year', local_today - interval '7 months')::int + 1 then
        raise exception 'school year % is neither the current nor the next one', coalesce(record_consent.school_year::text, 'null')
            using errcode = '22023', hint = 'a school year is named by the year it starts (2026 = 2026-27)';
    end if;

    if caller_role = 'med_guardian' then
        guardian_id := med_private.current_guardian_id();
    end if;

    insert into med.consents (tenant_id, student_id, school_year, kind, is_granted, guardian_id, recorded_by)
    values (student.tenant_id, student.id, record_consent.school_year, record_consent.kind, record_consent.is_granted,
            guardian_id, core.current_user_id())
    on conflict (student_id, school_year, kind) do update
    set is_granted = excluded.is_granted,
        guardian_id = excluded.guardian_id,
        recorded_by = excluded.recorded_by,
        recorded_at = now()
    returning consents.id into consent_id;
    return consent_id;
end
$$;
comment on function med_api.record_consent(uuid, int, text, boolean) is 'Records a consent or form for a school year (named by the year it starts, the current or the next one): emergency_treatment, medication, screening, health_history_form, physical_exam_form; a new answer replaces the previous one (audited). A guardian for their own child (the guardian is recorded), or a nurse from a paper form. Raises 22023 for an unknown kind, a school year other than the current or next, or a null answer; PT404 for a student not visible. Security definer: writes med.consents after checking visibility.';
