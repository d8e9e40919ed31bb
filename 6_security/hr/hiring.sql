-- Job postings are public (open ones, for applicants); applications are seen
-- by the posting department's manager and admins only.
alter table hr.job_postings enable row level security;
alter table hr.job_postings force row level security;
alter table hr.applications enable row level security;
alter table hr.applications force row level security;
grant select on hr.job_postings, hr.applications to hr_reader;

-- anonymous visitors: every group's open postings (a job board); users: their group's
create policy job_postings_select_public on hr.job_postings
for select to hr_reader
using (status = 'open'
       and ((select core.current_user_id()) is null
            or tenant_id = (select core.current_tenant_id())));

create policy job_postings_select_manager on hr.job_postings
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) = 'hr_manager'
       and department_id = (select hr_private.current_department_id()));

create policy job_postings_select_admin on hr.job_postings
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) = 'hr_admin');

create policy applications_select_manager on hr.applications
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) = 'hr_manager'
       and exists (select from hr.job_postings as postings
                   where postings.id = applications.job_id
                     and postings.department_id = (select hr_private.current_department_id())));

create policy applications_select_admin on hr.applications
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) = 'hr_admin');

grant select on hr_private.job_postings, hr_api.job_postings to anon, hr_employee, hr_manager, hr_admin, hr_payroll;
grant select on hr_private.applications, hr_api.applications to hr_manager, hr_admin;

grant execute on function hr_api.post_job(uuid, uuid, text, numeric) to hr_manager, hr_admin;
grant execute on function hr_api.apply_for_job(uuid, text, text) to anon, hr_employee, hr_manager, hr_admin, hr_payroll;
grant execute on function hr_api.advance_application(uuid, text) to hr_manager, hr_admin;
grant execute on function hr_api.hire(uuid, date, numeric) to hr_manager, hr_admin;
