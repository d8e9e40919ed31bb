-- Office visits per school, school-local day and disposition.
create materialized view med_private.report_visits_by_disposition_mv as
select visits.tenant_id,
       visits.school_id,
       (visits.visited_at at time zone schools.time_zone)::date as day,
       visits.disposition,
       pg_catalog.count(*)::int as visits
from med.visits as visits
join med.schools as schools on schools.id = visits.school_id
group by visits.tenant_id, visits.school_id, (visits.visited_at at time zone schools.time_zone)::date, visits.disposition;
create unique index report_visits_by_disposition_mv_key on med_private.report_visits_by_disposition_mv (school_id, day, disposition);
comment on materialized view med_private.report_visits_by_disposition_mv is 'Office visits counted per school, school-local day and disposition. Refreshed concurrently by med_private.refresh_reports.';

create view med_private.report_visits_by_disposition as
select report.tenant_id, report.school_id, report.day, report.disposition, report.visits
from med_private.report_visits_by_disposition_mv as report
where report.tenant_id = (select core.current_tenant_id())
  and ((select core.current_user_role()) = 'med_supervisor'
       or ((select core.current_user_role()) = 'med_nurse'
           and report.school_id = any ((select med_private.current_school_ids())::uuid[])));
alter view med_private.report_visits_by_disposition owner to med_reader;
comment on view med_private.report_visits_by_disposition is 'Visits by disposition of the caller''s schools: the supervisor the district, a nurse her schools; everyone else nothing.';

create view med_api.report_visits_by_disposition
with (security_invoker = true)
as
select report.school_id, report.day, report.disposition, report.visits
from med_private.report_visits_by_disposition as report;
comment on view med_api.report_visits_by_disposition is 'Office visits per school, day (school-local) and disposition (as of the last refresh). Supervisor (district), nurse (her schools).';
