-- Certificates by expiry: the newest certificate of each kind per employee
-- still employed on its expiry day (no last day, or a last day on or after
-- it: one serving notice is still scheduled into the position until then);
-- the 30/60/90-day window is computed at read time. The newest is picked
-- before the last day is looked at, so a renewal expiring after the last
-- day never brings back the certificate it replaced.
create materialized view hr_private.report_certificates_expiring_mv as
select newest.tenant_id,
       employees.hotel_id,
       employees.department_id,
       newest.employee_id,
       employees.full_name as employee_name,
       newest.certification_id,
       newest.kind,
       newest.expires_on
from (
    select distinct on (certifications.employee_id, certifications.kind)
           certifications.tenant_id,
           certifications.employee_id,
           certifications.id as certification_id,
           certifications.kind,
           certifications.expires_on
    from hr.certifications as certifications
    order by certifications.employee_id, certifications.kind, certifications.expires_on desc
) as newest
join hr.employees as employees on employees.id = newest.employee_id
where employees.terminated_on is null
   or employees.terminated_on >= newest.expires_on;
create unique index report_certificates_expiring_mv_key on hr_private.report_certificates_expiring_mv (certification_id);
comment on materialized view hr_private.report_certificates_expiring_mv is 'The newest certificate of each kind of every employee still employed on its expiry day (no last day, or a last day on or after it), with its expiry. Refreshed concurrently by hr_private.refresh_reports.';

create view hr_private.report_certificates_expiring as
select report.tenant_id, report.hotel_id, report.department_id, report.employee_id, report.employee_name,
       report.certification_id, report.kind, report.expires_on, windows.days_left,
       case when windows.days_left <= 30 then 30 when windows.days_left <= 60 then 60 else 90 end as within_days
from hr_private.report_certificates_expiring_mv as report
join hr.hotels as hotels on hotels.id = report.hotel_id
cross join lateral (select report.expires_on - (now() at time zone hotels.time_zone)::date as days_left) as windows
where report.tenant_id = (select core.current_tenant_id())
  and windows.days_left between 0 and 90
  and ((select hr_private.acting_role()) = 'hr_admin'
       or ((select hr_private.acting_role()) = 'hr_manager' and report.department_id = (select hr_private.current_department_id())));
alter view hr_private.report_certificates_expiring owner to hr_reader;
comment on view hr_private.report_certificates_expiring is 'Certificates of the caller''s group expiring in the next 90 days (hotel-local), bucketed 30/60/90 at read time so the buckets stay right between refreshes: admins the group, a manager their department.';

create view hr_api.report_certificates_expiring
with (security_invoker = true)
as
select report.hotel_id, report.department_id, report.employee_id, report.employee_name, report.certification_id,
       report.kind, report.expires_on, report.days_left, report.within_days
from hr_private.report_certificates_expiring as report;
comment on view hr_api.report_certificates_expiring is 'Certificates expiring within 30, 60 or 90 days (admins the group, a manager their department; employees and payroll nothing).';
