create function med_api.send_deficiency_letter(student_id uuid)
returns bigint
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    student med.students;
begin
    student := med_private.visible_student(send_deficiency_letter.student_id);
    if not exists (
        select from med_private.immunization_summary(student.id, med_private.school_local_date(student.school_id)) as summary
        where not summary.compliant
    ) then
        raise exception 'student % is compliant: there is nothing to send', student.id
            using errcode = 'PT409';
    end if;
    return core.enqueue('pdfgen.immunization_deficiency', med_private.deficiency_payload(student.id), now(), null, student.tenant_id);
end
$$;
comment on function med_api.send_deficiency_letter(uuid) is 'Queues an immunization deficiency letter (pdfgen.immunization_deficiency: the vaccines not compliant and why) for a student and returns the job id. Nurse, supervisor. Raises PT409 for a compliant student, PT404 for a student not visible. Security definer.';
