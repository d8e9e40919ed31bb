-- Hours and overtime per employee and fixed workweek, from punches cut at
-- the hotel's local midnights (so a shift across a week's end counts in both
-- weeks), with the threshold of hr.overtime_rules in force on the week's
-- first day.
create materialized view hr_private.report_overtime_mv as
with parts as (
    select employees.tenant_id,
           employees.hotel_id,
           employees.department_id,
           employees.id as employee_id,
           hotels.jurisdiction,
           hr_private.week_start(days.day::date, hotels.workweek_starts_on) as week_start,
           extract(epoch from least(punches.clock_out_at, (days.day::date + 1)::timestamp at time zone hotels.time_zone)
                              - greatest(punches.clock_in_at, days.day::date::timestamp at time zone hotels.time_zone)) / 3600 as hours
    from hr.punches as punches
    join hr.employees as employees on employees.id = punches.employee_id
    join hr.hotels as hotels on hotels.id = employees.hotel_id
    cross join lateral pg_catalog.generate_series(
        (punches.clock_in_at at time zone hotels.time_zone)::date,
        ((punches.clock_out_at - interval '1 microsecond') at time zone hotels.time_zone)::date,
        interval '1 day') as days (day)
    where punches.clock_out_at is not null
),
weeks as (
    select parts.tenant_id, parts.hotel_id, parts.department_id, parts.employee_id, parts.jurisdiction, parts.week_start,
           pg_catalog.sum(parts.hours) as hours
    from parts
    group by parts.tenant_id, parts.hotel_id, parts.department_id, parts.employee_id, parts.jurisdiction, parts.week_start
)
select weeks.tenant_id,
       weeks.hotel_id,
       weeks.department_id,
       weeks.employee_id,
       weeks.week_start,
       pg_catalog.round(weeks.hours, 2) as worked_hours,
       pg_catalog.round(coalesce(greatest(0, weeks.hours - rules.weekly_threshold_hours), 0), 2) as overtime_hours
from weeks
left join lateral (
    select candidates.weekly_threshold_hours
    from hr.overtime_rules as candidates
    where candidates.jurisdiction = weeks.jurisdiction
      and candidates.effective_from <= weeks.week_start
      and (candidates.tenant_id is null or candidates.tenant_id = weeks.tenant_id)
    order by candidates.tenant_id nulls last, candidates.effective_from desc
    limit 1) as rules on true;
create unique index report_overtime_mv_key on hr_private.report_overtime_mv (employee_id, week_start);
comment on materialized view hr_private.report_overtime_mv is 'Worked and overtime hours per employee and fixed workweek (the hotel''s, in its zone), from closed punches cut at local midnights; overtime is the hours past the weekly threshold of hr.overtime_rules (none without a rule). Refreshed concurrently by hr_private.refresh_reports.';

create view hr_private.report_overtime as
select report.tenant_id, report.hotel_id, report.department_id, report.employee_id, report.week_start,
       report.worked_hours, report.overtime_hours
from hr_private.report_overtime_mv as report
where report.tenant_id = (select core.current_tenant_id())
  and ((select hr_private.acting_role()) in ('hr_admin', 'hr_payroll')
       or ((select hr_private.acting_role()) = 'hr_manager' and report.department_id = (select hr_private.current_department_id())));
alter view hr_private.report_overtime owner to hr_reader;
comment on view hr_private.report_overtime is 'The overtime report of the caller''s group: admins and payroll all of it, a manager their department.';

create view hr_api.report_overtime
with (security_invoker = true)
as
select report.hotel_id, report.department_id, report.employee_id, report.week_start, report.worked_hours, report.overtime_hours
from hr_private.report_overtime as report;
comment on view hr_api.report_overtime is 'Worked and overtime hours per employee and workweek (admins and payroll the group, a manager their department; employees nothing). As of the last refresh.';
