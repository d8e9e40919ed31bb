create function med_api.immunization_doses(student_id uuid)
returns table (immunization_id uuid, vaccine text, given_on date, dose_number int, counts boolean, reason text)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
    student med.students;
begin
    student := med_private.seen_student(immunization_doses.student_id);
    return query
    select e.immunization_id, e.vaccine, e.given_on, e.dose_number, e.counts, e.reason
    from med_private.evaluate_immunizations(student.id, med_private.school_local_date(student.school_id)) as e
    order by e.vaccine, e.given_on;
end
$$;
comment on function med_api.immunization_doses(uuid) is 'Every recorded vaccine dose of a student with its evaluation: the dose number it counts as, or why it does not count (too young, too soon after the previous dose, too soon after another live vaccine, beyond the series). Nurse, aide, supervisor, the student''s guardian. PT404 for a student not visible. Security definer.';
