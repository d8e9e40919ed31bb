-- The reference for schedule_shift: the same shift (same employee in turn, same start) inserted by the table owner, without row level security, without the request's role and without any check but the table's own constraints.
begin;
select set_config('bench.employee_id', p.employee_id::text, true),
       set_config('bench.position_id', p.position_id::text, true),
       set_config('bench.starts_at', (p.base_at + (slot.k / :rows) * interval '50 hours')::text, true)
from (select pg_catalog.nextval('bench_hr.slots') - 1 as k) as slot
join bench_hr.params as p on p.n = slot.k % :rows + 1;
insert into hr.shifts (tenant_id, hotel_id, department_id, position_id, employee_id, starts_at, ends_at)
select positions.tenant_id, departments.hotel_id, departments.id, positions.id, current_setting('bench.employee_id')::uuid,
       current_setting('bench.starts_at')::timestamptz, current_setting('bench.starts_at')::timestamptz + interval '8 hours'
from hr.positions as positions
join hr.departments as departments on departments.id = positions.department_id
where positions.id = current_setting('bench.position_id')::uuid;
commit;
