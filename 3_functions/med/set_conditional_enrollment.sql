create function med_api.set_conditional_enrollment(student_id uuid, deadline date, note text default null)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
    student med.students;
    local_today date;
    enrollment_id uuid;
begin
    perform core.check_text(set_conditional_enrollment.note, 'a note', 4000);
    if set_conditional_enrollment.deadline is null or set_conditional_enrollment.deadline in ('infinity', '-infinity') then
        raise exception 'a conditional enrollment needs a deadline'
            using errcode = '22023';
    end if;
    student := med_private.visible_student(set_conditional_enrollment.student_id);
    local_today := med_private.school_local_date(student.school_id);
    if set_conditional_enrollment.deadline <= local_today or set_conditional_enrollment.deadline > local_today + 366 then
        raise exception 'the deadline % must be after today and within a year', set_conditional_enrollment.deadline
            using errcode = 'P0001';
    end if;
    if not exists (
        select from med_private.immunization_summary(student.id, local_today) as summary where not summary.compliant
    ) then
        raise exception 'student % is compliant: no conditional enrollment needed', student.id
            using errcode = 'PT409';
    end if;

    insert into med.conditional_enrollments (tenant_id, student_id, deadline, note, recorded_by)
    values (student.tenant_id, student.id, set_conditional_enrollment.deadline,
            case when core.has_text(set_conditional_enrollment.note) then pg_catalog.btrim(set_conditional_enrollment.note) end,
            core.current_user_id())
    on conflict (student_id) do update
    set deadline = excluded.deadline,
        note = excluded.note,
        recorded_by = excluded.recorded_by
    returning conditional_enrollments.id into enrollment_id;

    -- a deadline within a week: this letter is the daily sweep's reminder
    -- too (med_private.enqueue_deadline_letters, the same dedupe key), so
    -- the guardians do not get the same letter again the next morning
    perform core.enqueue('pdfgen.immunization_deficiency', med_private.deficiency_payload(student.id), now(),
                         case when set_conditional_enrollment.deadline <= local_today + 7
                              then med_private.deadline_reminder_key(student.id, set_conditional_enrollment.deadline) end,
                         student.tenant_id);
    return enrollment_id;
end
$$;
comment on function med_api.set_conditional_enrollment(uuid, date, text) is 'Enrolls a non-compliant student on condition of catching up by deadline (after today, within a year; a new deadline replaces the old) and queues the immunization deficiency letter to the guardians (pdfgen.immunization_deficiency; for a deadline within a week, under the daily reminder''s dedupe key, so that the sweep does not send it again). Nurse, supervisor. Raises 22023 without a deadline, P0001 for a deadline not after today or over a year away, PT409 for a compliant student, PT404 for a student not visible. Security definer.';
