-- Scheduled against worked hours by department and workweek: the
-- materialized view (code schema, no RLS), the unique index concurrent
-- refresh needs, the private read view that filters by tenant and role, and
-- the exposed view.
create materialized view hr_private.report_hours_by_department_mv as
with scheduled as (
    select shifts.department_id,
           hr_private.week_start((shifts.starts_at at time zone hotels.time_zone)::date, hotels.workweek_starts_on) as week_start,
           extract(epoch from shifts.ends_at - shifts.starts_at) / 3600 as hours
    from hr.shifts as shifts
    join hr.hotels as hotels on hotels.id = shifts.hotel_id
    where shifts.status = 'scheduled'
),
-- a punch on a shift counts for the shift's department (an open shift or
-- a swap may take an employee to another department's shift), a punch
-- without a shift for the employee's own
worked as (
    select coalesce(shifts.department_id, employees.department_id) as department_id,
           hr_private.week_start((punches.clock_in_at at time zone hotels.time_zone)::date, hotels.workweek_starts_on) as week_start,
           extract(epoch from punches.clock_out_at - punches.clock_in_at) / 3600 as hours
    from hr.punches as punches
    join hr.employees as employees on employees.id = punches.employee_id
    join hr.hotels as hotels on hotels.id = employees.hotel_id
    left join hr.shifts as shifts on shifts.id = punches.shift_id
    where punches.clock_out_at is not null
),
weeks as (
    select scheduled.department_id, scheduled.week_start, scheduled.hours as scheduled_hours, 0::numeric as worked_hours from scheduled
    union all
    select worked.department_id, worked.week_start, 0, worked.hours from worked
)
select departments.tenant_id,
       departments.hotel_id,
       departments.id as department_id,
       departments.name as department,
       weeks.week_start,
       pg_catalog.round(pg_catalog.sum(weeks.scheduled_hours), 2) as scheduled_hours,
       pg_catalog.round(pg_catalog.sum(weeks.worked_hours), 2) as worked_hours
from weeks
join hr.departments as departments on departments.id = weeks.department_id
group by departments.tenant_id, departments.hotel_id, departments.id, departments.name, weeks.week_start;
create unique index report_hours_by_department_mv_key on hr_private.report_hours_by_department_mv (department_id, week_start);
comment on materialized view hr_private.report_hours_by_department_mv is 'Scheduled hours (shifts, by the local workweek they start in) and worked hours (closed punches, by the workweek of the clock-in, for the department of the punch''s shift, or the employee''s own for a punch without a shift) per department and workweek. Refreshed concurrently by hr_private.refresh_reports.';

create view hr_private.report_hours_by_department as
select report.tenant_id, report.hotel_id, report.department_id, report.department, report.week_start,
       report.scheduled_hours, report.worked_hours
from hr_private.report_hours_by_department_mv as report
where report.tenant_id = (select core.current_tenant_id())
  and ((select hr_private.acting_role()) in ('hr_admin', 'hr_payroll')
       or ((select hr_private.acting_role()) = 'hr_manager' and report.department_id = (select hr_private.current_department_id())));
alter view hr_private.report_hours_by_department owner to hr_reader;
comment on view hr_private.report_hours_by_department is 'The hours report of the caller''s group: admins and payroll all of it, a manager their department (a materialized view has no row level security, so this WHERE is the filter).';

create view hr_api.report_hours_by_department
with (security_invoker = true)
as
select report.hotel_id, report.department_id, report.department, report.week_start, report.scheduled_hours, report.worked_hours
from hr_private.report_hours_by_department as report;
comment on view hr_api.report_hours_by_department is 'Scheduled against worked hours by department and workweek (admins and payroll the group, a manager their department; employees nothing). As of the last refresh.';
