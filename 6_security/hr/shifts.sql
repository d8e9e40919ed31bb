-- hr.shifts: an employee sees the hotel's published shifts (colleagues' too,
-- never a wage: shifts carry none; a draft, published_at null, is the
-- manager's working copy and stays invisible until publish_schedule, their
-- own included), a manager the department's drafts too, admin and payroll the
-- group's. hr.shift_swaps: the two employees, the department's manager, admin.
alter table hr.shifts enable row level security;
alter table hr.shifts force row level security;
alter table hr.shift_swaps enable row level security;
alter table hr.shift_swaps force row level security;
grant select on hr.shifts, hr.shift_swaps to hr_reader;

-- the scope every audience shares, restrictive (ANDed with the audiences'
-- policies below): the tenant and the hotels the role reaches, as one
-- condition the planner can put on the (hotel_id, starts_at) index
create policy shifts_hotel_scope on hr.shifts
as restrictive
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and hotel_id = any ((select hr_private.current_hotel_ids())::uuid[]));

create policy shifts_select_colleague on hr.shifts
for select to hr_reader
using ((select hr_private.acting_role()) = 'hr_employee'
       and status <> 'cancelled'
       and published_at is not null);

create policy shifts_select_manager on hr.shifts
for select to hr_reader
using ((select hr_private.acting_role()) = 'hr_manager'
       and department_id = (select hr_private.current_department_id()));

create policy shifts_select_office on hr.shifts
for select to hr_reader
using ((select hr_private.acting_role()) in ('hr_admin', 'hr_payroll'));

create policy shift_swaps_select_party on hr.shift_swaps
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) in ('hr_employee', 'hr_manager')
       and (select hr_private.current_employee_id()) in (from_employee_id, to_employee_id));

create policy shift_swaps_select_manager on hr.shift_swaps
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) = 'hr_manager'
       and exists (select from hr.shifts as shifts
                   where shifts.id = shift_swaps.shift_id
                     and shifts.department_id = (select hr_private.current_department_id())));

create policy shift_swaps_select_admin on hr.shift_swaps
for select to hr_reader
using (tenant_id = (select core.current_tenant_id())
       and (select hr_private.acting_role()) = 'hr_admin');

grant select on hr_private.shifts, hr_api.shifts, hr_private.shift_swaps, hr_api.shift_swaps
to hr_employee, hr_manager, hr_admin, hr_payroll;

grant execute on function hr_api.schedule_shift(uuid, uuid, timestamptz, timestamptz),
    hr_api.schedule_open_shift(uuid, timestamptz, timestamptz),
    hr_api.cancel_shift(uuid),
    hr_api.publish_schedule(uuid, date)
to hr_manager, hr_admin;
grant execute on function hr_api.take_open_shift(uuid),
    hr_api.request_swap(uuid, uuid),
    hr_api.accept_swap(uuid),
    hr_api.decline_swap(uuid)
to hr_employee, hr_manager;
