create function med_private.enqueue_deadline_letters()
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
    enrollment record;
    queued int := 0;
begin
    for enrollment in
        select conditional.student_id, conditional.deadline, conditional.tenant_id
        from med.conditional_enrollments as conditional
        join med.students as students on students.id = conditional.student_id
        join med.schools as schools on schools.id = students.school_id
        where conditional.deadline = (now() at time zone schools.time_zone)::date + 7
        order by conditional.student_id
    loop
        continue when not exists (
            select from med_private.immunization_summary(enrollment.student_id, enrollment.deadline - 7) as summary
            where not summary.compliant);
        perform core.enqueue('pdfgen.immunization_deficiency', med_private.deficiency_payload(enrollment.student_id), now(),
                             'deadline-reminder:' || enrollment.student_id || ':' || enrollment.deadline, enrollment.tenant_id);
        queued := queued + 1;
    end loop;
    return queued;
end
$$;
comment on function med_private.enqueue_deadline_letters() is 'A week before a conditional enrollment''s deadline (school-local), queues the immunization deficiency letter again for each student still not compliant; deduplicated per student and deadline, so a re-run queues nothing twice. Returns the number of students reminded. Scheduled daily by 7_schedule/med/deadline_letters.sql; no API role may call it.';
