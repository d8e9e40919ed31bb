-- Immunization compliance by school and grade, each student classified once.
create materialized view med_private.report_immunization_compliance_mv as
with per_student as (
    select students.tenant_id,
           students.school_id,
           students.grade,
           students.id as student_id,
           coalesce(pg_catalog.bool_and(summary.compliant), true) as is_compliant,
           coalesce(pg_catalog.bool_or(summary.exempt), false) as uses_exemption,
           pg_catalog.bool_or(conditional.deadline >= (now() at time zone schools.time_zone)::date) as is_conditional
    from med.students as students
    join med.schools as schools on schools.id = students.school_id
    left join med.conditional_enrollments as conditional on conditional.student_id = students.id
    left join lateral med_private.immunization_summary(students.id, (now() at time zone schools.time_zone)::date) as summary on true
    group by students.tenant_id, students.school_id, students.grade, students.id
)
select per_student.tenant_id,
       per_student.school_id,
       per_student.grade,
       pg_catalog.count(*)::int as students,
       pg_catalog.count(*) filter (where per_student.is_compliant and not per_student.uses_exemption)::int as compliant,
       pg_catalog.count(*) filter (where per_student.is_compliant and per_student.uses_exemption)::int as exempt,
       pg_catalog.count(*) filter (where not per_student.is_compliant and coalesce(per_student.is_conditional, false))::int as conditional,
       pg_catalog.count(*) filter (where not per_student.is_compliant and not coalesce(per_student.is_conditional, false))::int as non_compliant,
       now() as refreshed_at
from per_student
group by per_student.tenant_id, per_student.school_id, per_student.grade;
create unique index report_immunization_compliance_mv_key on med_private.report_immunization_compliance_mv (school_id, grade);
comment on materialized view med_private.report_immunization_compliance_mv is 'Students per school and grade: compliant (by valid doses), exempt (compliant thanks to a current exemption), conditional (not compliant, conditional enrollment deadline not passed), non-compliant. Refreshed concurrently by med_private.refresh_reports.';

create view med_private.report_immunization_compliance as
select report.tenant_id,
       report.school_id,
       report.grade,
       report.students,
       report.compliant,
       report.exempt,
       report.conditional,
       report.non_compliant,
       pg_catalog.round((report.compliant + report.exempt)::numeric / nullif(report.students, 0), 4) as compliance_rate,
       report.refreshed_at
from med_private.report_immunization_compliance_mv as report
where report.tenant_id = (select core.current_tenant_id())
  and ((select core.current_user_role()) = 'med_supervisor'
       or ((select core.current_user_role()) = 'med_nurse'
           and report.school_id = any ((select med_private.current_school_ids())::uuid[])));
alter view med_private.report_immunization_compliance owner to med_reader;
comment on view med_private.report_immunization_compliance is 'Immunization compliance of the caller''s schools: the supervisor the district, a nurse her assigned schools; everyone else nothing.';

create view med_api.report_immunization_compliance
with (security_invoker = true)
as
select report.school_id, report.grade, report.students, report.compliant, report.exempt, report.conditional,
       report.non_compliant, report.compliance_rate, report.refreshed_at
from med_private.report_immunization_compliance as report;
comment on view med_api.report_immunization_compliance is 'Immunization compliance by school and grade (as of the last refresh): students, compliant, exempt, conditional, non-compliant and the compliance rate (compliant or exempt). Supervisor (district), nurse (her schools); everyone else sees nothing.';
