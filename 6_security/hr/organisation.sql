-- Hotels, departments, positions, required certificates and school calendars:
-- every HR role reads its own group's; written by the build, seeds and migrations.
alter table hr.hotels enable row level security;
alter table hr.hotels force row level security;
alter table hr.departments enable row level security;
alter table hr.departments force row level security;
alter table hr.positions enable row level security;
alter table hr.positions force row level security;
alter table hr.position_certifications enable row level security;
alter table hr.position_certifications force row level security;
alter table hr.school_days enable row level security;
alter table hr.school_days force row level security;
grant select on hr.hotels, hr.departments, hr.positions, hr.position_certifications, hr.school_days to hr_reader;

create policy hotels_select_staff on hr.hotels
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) in ('hr_employee', 'hr_manager', 'hr_admin', 'hr_payroll'));

create policy departments_select_staff on hr.departments
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) in ('hr_employee', 'hr_manager', 'hr_admin', 'hr_payroll'));

create policy positions_select_staff on hr.positions
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) in ('hr_employee', 'hr_manager', 'hr_admin', 'hr_payroll'));

create policy position_certifications_select_staff on hr.position_certifications
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) in ('hr_employee', 'hr_manager', 'hr_admin', 'hr_payroll'));

create policy school_days_select_staff on hr.school_days
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) in ('hr_employee', 'hr_manager', 'hr_admin', 'hr_payroll'));

grant select on hr_private.hotels, hr_api.hotels, hr_private.departments, hr_api.departments,
    hr_private.positions, hr_api.positions
to hr_employee, hr_manager, hr_admin, hr_payroll;
