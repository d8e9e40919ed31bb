-- One PostgREST request by an admin: schedule_shift for the next employee in turn (request k: employee k mod rows, 50 h after their previous shift, so that a run stays well inside the group's scheduling horizon), with all its checks (visibility, certificates, overlap, rest, weekly hours, minors).
begin;
select set_config('request.jwt.claims', p.claims, true),
       set_config('bench.employee_id', p.employee_id::text, true),
       set_config('bench.position_id', p.position_id::text, true),
       set_config('bench.starts_at', (p.base_at + (slot.k / :rows) * interval '50 hours')::text, true)
from (select pg_catalog.nextval('bench_hr.slots') - 1 as k) as slot
join bench_hr.params as p on p.n = slot.k % :rows + 1;
set local role hr_admin;
select hr_api.schedule_shift(current_setting('bench.employee_id')::uuid, current_setting('bench.position_id')::uuid,
                             current_setting('bench.starts_at')::timestamptz, current_setting('bench.starts_at')::timestamptz + interval '8 hours');
commit;
