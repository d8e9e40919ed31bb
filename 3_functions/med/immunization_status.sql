create function med_api.immunization_status(student_id uuid)
returns table (vaccine text, valid_doses int, required_doses int, compliant boolean, reason text)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
    student med.students;
begin
    student := med_private.seen_student(immunization_status.student_id);
    return query
    select summary.vaccine, summary.valid_doses, summary.required_doses, summary.compliant, summary.reason
    from med_private.immunization_summary(student.id, med_private.school_local_date(student.school_id)) as summary
    order by summary.vaccine;
end
$$;
comment on function med_api.immunization_status(uuid) is 'One row per vaccine the student''s grade requires (rules in force today): valid doses (each dose validated for minimum age and interval, not counted), doses required (the reduced number when it applies, e.g. DTaP 4 when the 4th was on or after the 4th birthday), compliant (also with a current exemption), and reason: why not compliant (or compliant by a reduced series or an exemption), naming each dose that does not count and why, even when the vaccine is compliant. Nurse, aide, supervisor, the student''s guardian. PT404 for a student not visible. Security definer (reads the rule tables and doses after checking visibility through med_private.students).';
