create function med_api.record_visit(student_id uuid, complaint text, disposition text, temperature numeric default null,
                                     notes text default null, shared_with_guardian boolean default false,
                                     picked_up_by text default null, intervention text default null, pulse int default null,
                                     is_confidential boolean default false)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    student med.students;
    school med.schools;
    pickup med.authorized_pickups;
    local_today date;
    visit_id uuid;
    fields jsonb;
begin
    perform core.check_text(record_visit.complaint, 'a complaint', 4000);
    perform core.check_text(record_visit.notes, 'notes', 4000);
    perform core.check_text(record_visit.picked_up_by, 'a name', 200);
    perform core.check_text(record_visit.intervention, 'an intervention', 4000);
    if not core.has_text(record_visit.complaint) then
        raise exception 'a visit needs a complaint'
            using errcode = '22023';
    end if;
    if record_visit.disposition is null
       or record_visit.disposition not in ('returned_to_class', 'rested_returned', 'sent_home', 'ems', 'referred') then
        raise exception 'unknown disposition %', coalesce(record_visit.disposition, 'null')
            using errcode = '22023',
                  hint = 'disposition is returned_to_class, rested_returned, sent_home, ems or referred';
    end if;
    -- NaN and infinity are above every number, so the range refuses them too
    if record_visit.temperature is not null and not (record_visit.temperature between 30 and 45) then
        raise exception 'temperature % is not a body temperature in degrees Celsius (30 to 45)', record_visit.temperature
            using errcode = '22023';
    end if;
    if record_visit.pulse is not null and not (record_visit.pulse between 20 and 250) then
        raise exception 'pulse % is not a plausible heart rate (20 to 250)', record_visit.pulse
            using errcode = '22023';
    end if;
    if record_visit.shared_with_guardian is null or record_visit.is_confidential is null then
        raise exception 'shared_with_guardian and is_confidential must be true or false'
            using errcode = '22023';
    end if;
    if record_visit.is_confidential and record_visit.shared_with_guardian then
        raise exception 'a confidential note cannot be shared with the guardians'
            using errcode = '22023';
    end if;
    if record_visit.picked_up_by is not null and record_visit.disposition <> 'sent_home' then
        raise exception 'picked_up_by is only for a student sent home, not %', record_visit.disposition
            using errcode = '22023';
    end if;
    if record_visit.is_confidential and core.current_user_role() = 'med_aide' then
        raise exception 'aides may not write confidential notes'
            using errcode = '42501', hint = 'ask the nurse to record it';
    end if;

    student := med_private.visible_student(record_visit.student_id);
    select * into school from med.schools as schools where schools.id = student.school_id;
    local_today := (now() at time zone school.time_zone)::date;

    if record_visit.disposition = 'sent_home' then
        if not core.has_text(record_visit.picked_up_by) then
            raise exception 'a student is sent home only to an authorized pickup: name who picks them up'
                using errcode = 'P0001';
        end if;
        -- a guardian under a custody restriction is refused even if still listed
        -- by name, however spaced, an invisible character in it or not
        -- (med_private.person_key)
        if med_private.restricted_for(student.id, local_today, null, record_visit.picked_up_by) then
            raise exception '% is under a custody restriction for this student and may not pick them up', pg_catalog.btrim(record_visit.picked_up_by)
                using errcode = 'P0001';
        end if;
        select *
        into pickup
        from med.authorized_pickups as pickups
        where pickups.student_id = student.id
          and med_private.person_key(pickups.full_name) = med_private.person_key(record_visit.picked_up_by)
        order by pickups.position
        limit 1;
        if pickup.id is null then
            raise exception '% is not an authorized pickup of this student', pg_catalog.btrim(record_visit.picked_up_by)
                using errcode = 'P0001',
                      hint = 'the authorized pickups are listed in med_api.authorized_pickups';
        end if;
        -- and by link: a listed pickup who is a restricted guardian under another spelling
        if med_private.restricted_for(student.id, local_today, pickup.guardian_id, null) then
            raise exception '% is under a custody restriction for this student and may not pick them up', pickup.full_name
                using errcode = 'P0001';
        end if;
    end if;

    insert into med.visits (tenant_id, student_id, school_id, complaint, temperature, pulse, intervention, disposition, notes,
                            is_confidential, shared_with_guardian, picked_up_by, pickup_id, recorded_by)
    values (student.tenant_id, student.id, school.id, pg_catalog.btrim(record_visit.complaint), record_visit.temperature,
            record_visit.pulse,
            -- an intervention or notes of white space or invisible characters only are none
            case when core.has_text(record_visit.intervention) then pg_catalog.btrim(record_visit.intervention) end,
            record_visit.disposition,
            case when core.has_text(record_visit.notes) then pg_catalog.btrim(record_visit.notes) end,
            record_visit.is_confidential, record_visit.shared_with_guardian,
            pickup.full_name, pickup.id, core.current_user_id())
    returning visits.id into visit_id;

    if record_visit.disposition = 'sent_home' then
        fields := pg_catalog.jsonb_build_object(
            'visit_id', visit_id,
            'student_id', student.id,
            'student_name', student.first_name || ' ' || student.last_name,
            'school_name', school.name,
            'picked_up_by', pickup.full_name,
            'complaint', pg_catalog.btrim(record_visit.complaint));
        perform med_private.notify_guardians(student.id, 'sent_home', fields);
    end if;
    -- ems, or epinephrine given at the visit (stock epinephrine, without an
    -- order of the student, has no dose to alert from): one alert at once
    if record_visit.disposition = 'ems' then
        perform med_private.alert_emergency(student.id, 'ems', visit_id, null, pg_catalog.btrim(record_visit.complaint), now());
    elsif med_private.names_epinephrine(record_visit.intervention) then
        perform med_private.alert_emergency(student.id, 'epinephrine', visit_id, null, pg_catalog.btrim(record_visit.complaint), now());
    end if;
    return visit_id;
end
$$;
comment on function med_api.record_visit(uuid, text, text, numeric, text, boolean, text, text, int, boolean) is 'Records a health office visit of a student of the caller''s schools (nurse, aide): complaint, disposition (returned_to_class, rested_returned, sent_home, ems, referred), temperature in degrees Celsius, notes (shared with the guardians or not), the authorized pickup for sent_home, and (optional trailing arguments) the intervention, pulse and whether the notes are confidential. sent_home needs picked_up_by to name an authorized pickup of the student who is not a guardian under a custody restriction, and queues sms.sent_home and mailer.sent_home to the guardians; ems, or an intervention that names epinephrine (med_private.names_epinephrine: stock epinephrine given without an order), queues sms.ems_alert and mailer.ems_alert to the guardians and mailer.ems_alert to the supervisors at once (one alert, reason ems or epinephrine). Raises 22023 for a blank complaint (white space of any kind or invisible characters only: core.has_text), an unknown disposition, a temperature or pulse out of range (NaN and infinity included), a confidential note shared, picked_up_by on another disposition; 42501 for a confidential note by an aide; P0001 for sent_home without an authorized pickup or to a restricted guardian; PT404 for a student not visible. Security definer.';
