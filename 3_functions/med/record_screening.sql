create function med_api.record_screening(student_id uuid, kind text, result text, notes text default null, screened_on date default null)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    student med.students;
    school med.schools;
    local_today date;
    screening_date date;
    screening_id uuid;
begin
    perform core.check_text(record_screening.notes, 'notes', 4000);
    if record_screening.kind is null or record_screening.kind not in ('vision', 'hearing') then
        raise exception 'unknown screening kind %', coalesce(record_screening.kind, 'null')
            using errcode = '22023', hint = 'kind is vision or hearing';
    end if;
    if record_screening.result is null or record_screening.result not in ('pass', 'refer') then
        raise exception 'unknown screening result %', coalesce(record_screening.result, 'null')
            using errcode = '22023', hint = 'result is pass or refer';
    end if;
    if record_screening.screened_on in ('infinity', '-infinity') then
        raise exception 'invalid screening date %', record_screening.screened_on
            using errcode = '22023';
    end if;
    student := med_private.visible_student(record_screening.student_id);
    select * into school from med.schools as schools where schools.id = student.school_id;
    local_today := (now() at time zone school.time_zone)::date;
    screening_date := coalesce(record_screening.screened_on, local_today);
    if screening_date > local_today then
        raise exception 'a screening on % is in the future', screening_date
            using errcode = '22023';
    end if;
    if screening_date < local_today - 90 then
        raise exception 'a screening on % is more than 90 days ago', screening_date
            using errcode = 'P0001';
    end if;

    -- the guardians may opt the child out of screenings for a school year:
    -- the answer in force at the end of the screening's day (a screening done
    -- before a refusal is recorded after it; one done under a refusal is not,
    -- even once consent is granted again)
    if med_private.consent_at(student.id, 'screening', pg_catalog.date_part('year', screening_date - interval '7 months')::int,
                              (screening_date + 1)::timestamp at time zone school.time_zone) is false then
        raise exception 'the guardians refused screening consent for the % school year',
                        pg_catalog.date_part('year', screening_date - interval '7 months')::int
            using errcode = 'P0001', hint = 'a new signed consent (record_consent) lifts it';
    end if;

    insert into med.screenings (tenant_id, student_id, kind, screened_on, result, notes, screened_by)
    values (student.tenant_id, student.id, record_screening.kind, screening_date, record_screening.result,
            case when core.has_text(record_screening.notes) then pg_catalog.btrim(record_screening.notes) end,
            core.current_user_id())
    returning screenings.id into screening_id;

    if record_screening.result = 'refer' then
        perform core.enqueue('pdfgen.screening_referral',
            pg_catalog.jsonb_build_object(
                'app', 'med',
                'template', 'screening_referral',
                'tenant_name', (select tenants.name from core.tenants as tenants where tenants.id = student.tenant_id),
                'subject_table', 'med.screenings',
                'subject_id', screening_id,
                'file_name', 'screening-referral-' || screening_id || '.pdf',
                'screening_id', screening_id,
                'student_id', student.id,
                'student_name', student.first_name || ' ' || student.last_name,
                'school_name', school.name,
                'kind', record_screening.kind,
                'screened_on', screening_date,
                'result', record_screening.result,
                'notes', case when core.has_text(record_screening.notes) then pg_catalog.btrim(record_screening.notes) end),
            now(), null, student.tenant_id);
    end if;
    return screening_id;
end
$$;
comment on function med_api.record_screening(uuid, text, text, text, date) is 'Records a vision or hearing screening (result pass or refer) of a student of the nurse''s schools, today or up to 90 days ago; a refer queues the referral letter to the guardians (pdfgen.screening_referral). Raises 22023 for an unknown kind or result or a date infinite or in the future, P0001 for a date over 90 days ago or when the guardians had refused screening consent for that school year on that day (record_consent; the answer in force at the end of the screening''s day), PT404 for a student not visible. Security definer.';
