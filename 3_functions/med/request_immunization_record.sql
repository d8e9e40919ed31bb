create function med_api.request_immunization_record(student_id uuid)
returns bigint
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    student med.students;
    payload jsonb;
begin
    student := med_private.visible_student(request_immunization_record.student_id);
    select pg_catalog.jsonb_build_object(
               'app', 'med',
               'template', 'immunization_record',
               'tenant_name', tenants.name,
               'subject_table', 'med.students',
               'subject_id', student.id,
               'file_name', 'immunization-record-' || student.id || '-' || pg_catalog.to_char(now() at time zone schools.time_zone, 'YYYY-MM-DD') || '.pdf',
               'student_id', student.id,
               'student_name', student.first_name || ' ' || student.last_name,
               'birth_date', student.birth_date,
               'school_name', schools.name,
               'doses', coalesce((
                   select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                              'vaccine', e.vaccine, 'given_on', e.given_on, 'counts', e.counts, 'reason', e.reason)
                          order by e.vaccine, e.given_on)
                   from med_private.evaluate_immunizations(student.id, (now() at time zone schools.time_zone)::date) as e), '[]'))
    into payload
    from med.schools as schools
    join core.tenants as tenants on tenants.id = schools.tenant_id
    where schools.id = student.school_id;
    return core.enqueue('pdfgen.immunization_record', payload, now(), null, student.tenant_id);
end
$$;
comment on function med_api.request_immunization_record(uuid) is 'Queues the student''s immunization record as a PDF (pdfgen.immunization_record: every dose, whether it counts and why not) and returns the job id; the document then appears in med_api.documents. Nurse, the student''s guardian. PT404 for a student not visible. Security definer.';
