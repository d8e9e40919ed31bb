-- One PostgREST request by an admin: schedule_shift for a random employee, with all its checks (visibility, certificates, overlap, rest, weekly hours, minors).
\set n random(1, :rows)
begin;
select set_config('request.jwt.claims', p.claims, true),
       set_config('bench.employee_id', p.employee_id::text, true),
       set_config('bench.position_id', p.position_id::text, true),
       set_config('bench.starts_at', (p.base_at + pg_catalog.nextval('bench_hr.slots') * interval '50 hours')::text, true)
from bench_hr.params as p
where p.n = :n;
set local role hr_admin;
select hr_api.schedule_shift(current_setting('bench.employee_id')::uuid, current_setting('bench.position_id')::uuid,
                             current_setting('bench.starts_at')::timestamptz, current_setting('bench.starts_at')::timestamptz + interval '8 hours');
commit;
