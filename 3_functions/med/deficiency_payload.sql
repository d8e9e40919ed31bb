create function med_private.deficiency_payload(student_id uuid)
returns jsonb
language sql
stable
set search_path = ''
as $$
    select pg_catalog.jsonb_build_object(
               'app', 'med',
               'template', 'immunization_deficiency',
               'tenant_name', tenants.name,
               'subject_table', 'med.students',
               'subject_id', students.id,
               'file_name', 'immunization-deficiency-' || students.id || '-' || pg_catalog.to_char(now() at time zone schools.time_zone, 'YYYY-MM-DD') || '.pdf',
               'student_id', students.id,
               'student_name', students.first_name || ' ' || students.last_name,
               'birth_date', students.birth_date,
               'school_name', schools.name,
               'grade', students.grade,
               'deadline', conditional.deadline,
               'missing', coalesce((
                   select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                              'vaccine', summary.vaccine, 'valid_doses', summary.valid_doses,
                              'required_doses', summary.required_doses, 'reason', summary.reason)
                          order by summary.vaccine)
                   from med_private.immunization_summary(students.id, (now() at time zone schools.time_zone)::date) as summary
                   where not summary.compliant), '[]'))
    from med.students as students
    join med.schools as schools on schools.id = students.school_id
    join core.tenants as tenants on tenants.id = students.tenant_id
    left join med.conditional_enrollments as conditional on conditional.student_id = students.id
    where students.id = deficiency_payload.student_id
$$;
comment on function med_private.deficiency_payload(uuid) is 'The pdfgen.immunization_deficiency payload of a student: envelope, student, school, grade, the conditional enrollment deadline (null when none) and every vaccine not compliant with its valid and required doses and the reason. Internal.';
