-- Rule tables: readable by hr_reader (defaults and the caller's group's own
-- rows), written only by the build and migrations. The definer functions
-- read them directly.
alter table hr.working_time_rules enable row level security;
alter table hr.working_time_rules force row level security;
alter table hr.minor_rules enable row level security;
alter table hr.minor_rules force row level security;
alter table hr.overtime_rules enable row level security;
alter table hr.overtime_rules force row level security;
alter table hr.wage_rules enable row level security;
alter table hr.wage_rules force row level security;
alter table hr.leave_accrual_rules enable row level security;
alter table hr.leave_accrual_rules force row level security;
alter table hr.scheduling_rules enable row level security;
alter table hr.scheduling_rules force row level security;
grant select on hr.working_time_rules, hr.minor_rules, hr.overtime_rules, hr.wage_rules, hr.leave_accrual_rules,
    hr.scheduling_rules to hr_reader;

create policy working_time_rules_select_reader on hr.working_time_rules
for select to hr_reader
using (tenant_id is null or tenant_id = (select core.current_tenant_id()));

create policy minor_rules_select_reader on hr.minor_rules
for select to hr_reader
using (tenant_id is null or tenant_id = (select core.current_tenant_id()));

create policy overtime_rules_select_reader on hr.overtime_rules
for select to hr_reader
using (tenant_id is null or tenant_id = (select core.current_tenant_id()));

create policy wage_rules_select_reader on hr.wage_rules
for select to hr_reader
using (tenant_id is null or tenant_id = (select core.current_tenant_id()));

create policy leave_accrual_rules_select_reader on hr.leave_accrual_rules
for select to hr_reader
using (tenant_id is null or tenant_id = (select core.current_tenant_id()));

create policy scheduling_rules_select_reader on hr.scheduling_rules
for select to hr_reader
using (tenant_id is null or tenant_id = (select core.current_tenant_id()));
