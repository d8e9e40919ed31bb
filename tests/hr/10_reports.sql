-- Reports: materialized views refreshed concurrently, read through private
-- views that filter by group and role (admins and payroll the group, a
-- manager their department, employees nothing).
begin;
select plan(26);

select is((select count(*)::int from pg_catalog.pg_indexes where schemaname = 'hr_private' and indexname like 'report\_%\_mv\_key'), 4,
          'each report materialized view has the unique index a concurrent refresh needs');

-- new data: 45 h with 5 h of overtime in a past week, and a certificate expiring in 20 days
select set_config('t.w', tests.hr_week('Harbor View', 1)::text, true);
select set_config('t.rex', tests.hr_add_employee('Harbor View', 'Front Desk', 'report.rex@harbor.test', 'Rex Report', date '1990-09-09', 20.00)::text, true);
select tests.hr_add_punch(current_setting('t.rex')::uuid, (current_setting('t.w')::date + d) + time '08:00', (current_setting('t.w')::date + d) + time '17:00')
from generate_series(1, 5) as d;
select tests.hr_add_certificate(current_setting('t.rex')::uuid, 'first_aid', current_date + 20);
select set_config('t.front_desk', (select department_id::text from hr.employees where id = current_setting('t.rex')::uuid), true);
-- the buckets' edges, in the hotel's own day: a certificate expiring in
-- exactly 30 days is in the 30-day window, in exactly 60 days in the 60-day
-- one; a day later each is in the next (one certificate per kind, since the
-- report keeps the newest of each kind)
select set_config('t.edna', tests.hr_add_employee('Harbor View', 'Front Desk', 'report.edna@harbor.test', 'Edna Edge', date '1991-03-03', 20.00)::text, true);
select set_config('t.hv_today', (select (now() at time zone hotels.time_zone)::date::text from hr.hotels as hotels
                                 where hotels.id = tests.hr_hotel_id('Harbor View')), true);
select tests.hr_add_certificate(current_setting('t.edna')::uuid, edges.kind, current_setting('t.hv_today')::date + edges.days)
from (values ('food_handler', 30), ('alcohol_service', 31), ('lifeguard', 60), ('first_aid', 61)) as edges (kind, days);
-- employees with a last day recorded: Sol serves notice to day 35, so a
-- certificate expiring on day 20 or on day 35 itself is still reported; Gus
-- leaves on day 10, before his certificate expires on day 20. Sol's alcohol
-- service certificate expiring on day 25 was renewed to day 400, past her
-- last day: the renewal is the newest, and the old one does not come back
select set_config('t.sol', tests.hr_add_employee('Harbor View', 'Front Desk', 'report.sol@harbor.test', 'Sol Notice', date '1991-04-04', 20.00)::text, true);
select set_config('t.gus', tests.hr_add_employee('Harbor View', 'Front Desk', 'report.gus@harbor.test', 'Gus Gone', date '1991-05-05', 20.00)::text, true);
select tests.hr_add_certificate(current_setting('t.sol')::uuid, certs.kind, current_setting('t.hv_today')::date + certs.days)
from (values ('first_aid', 20), ('lifeguard', 35), ('alcohol_service', 25), ('alcohol_service', 400)) as certs (kind, days);
select tests.hr_add_certificate(current_setting('t.gus')::uuid, 'first_aid', current_setting('t.hv_today')::date + 20);
select tests.act_as('manager.frontdesk@hr.demo');
select hr_api.terminate_employee(current_setting('t.sol')::uuid, current_setting('t.hv_today')::date + 35, 'resigned: five weeks notice');
select hr_api.terminate_employee(current_setting('t.gus')::uuid, current_setting('t.hv_today')::date + 10, 'resigned');
select is((select count(*) from hr_api.report_overtime where employee_id = current_setting('t.rex')::uuid), 0::bigint,
          'before a refresh the report does not know the new hours');
reset role;
-- (the seed refreshed the reports once; this is the file's only refresh)
select lives_ok($$select hr_private.refresh_reports()$$, 'the reports refresh concurrently');

select tests.act_as('manager.frontdesk@hr.demo');
select results_eq($$select worked_hours, overtime_hours from hr_api.report_overtime
                    where employee_id = current_setting('t.rex')::uuid and week_start = current_setting('t.w')::date$$,
                  $$values (45.00::numeric, 5.00::numeric)$$, 'the overtime report shows 45 h worked and 5 h overtime in that week');
select is((select count(*) from hr_api.report_overtime where department_id <> current_setting('t.front_desk')::uuid), 0::bigint,
          'a manager sees the overtime of the department only');
select results_eq($$select kind, within_days from hr_api.report_certificates_expiring where employee_id = current_setting('t.rex')::uuid$$,
                  $$values ('first_aid'::text, 30)$$, 'a certificate expiring in 20 days is in the 30-day window');
select results_eq($$select kind, days_left, within_days from hr_api.report_certificates_expiring
                    where employee_id = current_setting('t.edna')::uuid order by days_left$$,
                  $$values ('food_handler'::text, 30, 30), ('alcohol_service', 31, 60), ('lifeguard', 60, 60), ('first_aid', 61, 90)$$,
                  'exactly 30 days left is in the 30-day window, 31 in the 60-day one; exactly 60 in the 60-day window, 61 in the 90-day one');
select results_eq($$select kind, days_left from hr_api.report_certificates_expiring
                    where employee_id = current_setting('t.sol')::uuid and kind in ('first_aid', 'lifeguard') order by days_left$$,
                  $$values ('first_aid'::text, 20), ('lifeguard', 35)$$,
                  'an employee serving notice to day 35 keeps the certificates expiring on day 20 and on the last day itself in the report');
select is((select count(*) from hr_api.report_certificates_expiring where employee_id = current_setting('t.gus')::uuid), 0::bigint,
          'an employee whose last day (day 10) is before the certificate''s expiry (day 20) is not reported');
select is((select count(*) from hr_api.report_certificates_expiring
           where employee_id = current_setting('t.sol')::uuid and kind = 'alcohol_service'), 0::bigint,
          'a certificate renewed to a day after the last day is not reported, nor the one it replaced');
select ok((select count(*) from hr_api.report_hours_by_department where department = 'Front Desk') > 0
          and (select count(*) from hr_api.report_hours_by_department where department <> 'Front Desk') = 0,
          'the hours report: scheduled and worked hours of the manager''s department only');
select ok((select bool_and(scheduled_hours >= 0 and worked_hours >= 0) from hr_api.report_hours_by_department), 'hours are never negative');
select ok((select count(*) from hr_api.report_leave_balances) > 0
          and (select count(*) from hr_api.report_leave_balances where department_id <> current_setting('t.front_desk')::uuid) = 0,
          'leave balances of the department only');

select tests.act_as('admin@hr.demo');
select ok((select count(distinct hotel_id) from hr_api.report_overtime) = 2, 'an admin sees the overtime of both hotels');
select ok((select count(*) from hr_api.report_overtime where hotel_id = tests.hr_hotel_id('Alpine Lodge') and overtime_hours > 0) = 0,
          'the EU hotel has no statutory overtime');
select ok((select count(*) from hr_api.report_certificates_expiring where within_days = 60) > 0
          and (select count(*) from hr_api.report_certificates_expiring where within_days = 90) > 0
          and (select bool_and(days_left between 0 and 90) from hr_api.report_certificates_expiring),
          'certificates expiring within 30, 60 and 90 days, none later');
select ok((select count(*) from hr_api.report_leave_balances) > 250, 'an admin sees the leave balances of the group');
select tests.act_as('payroll@hr.demo');
select ok((select count(*) from hr_api.report_overtime) > 0 and (select count(*) from hr_api.report_hours_by_department) > 0,
          'payroll sees hours and overtime');
select is((select count(*) from hr_api.report_certificates_expiring), 0::bigint, 'but not certificates');
select ok((select count(*) from hr_api.report_leave_balances) > 250, 'and the leave balances of the group');
select tests.act_as('emp1@hr.demo');
select is((select count(*) from hr_api.report_overtime) + (select count(*) from hr_api.report_hours_by_department)
          + (select count(*) from hr_api.report_certificates_expiring) + (select count(*) from hr_api.report_leave_balances),
          0::bigint, 'an employee sees no report');
select tests.act_as('admin@other-hr.demo');
select is((select count(*) from hr_api.report_overtime where hotel_id in (tests.hr_hotel_id('Harbor View'), tests.hr_hotel_id('Alpine Lodge'))),
          0::bigint, 'the other group sees none of our report rows');
select ok((select count(*) from hr_api.report_hours_by_department) > 0, 'while it sees its own');
select tests.act_as_anon();
select throws_ok($$select * from hr_api.report_overtime$$, '42501', null, 'anonymous requests cannot read reports (42501)');

-- a punch on another department's shift counts for the shift's department:
-- Rosa of the Restaurant works a 6 h Receptionist (Front Desk) shift, her
-- punch linked to it, so the Front Desk shows 6 h scheduled and 6 h worked,
-- and the Restaurant neither
reset role;
select set_config('t.rosa', tests.hr_add_employee('Harbor View', 'Restaurant', 'report.rosa@harbor.test', 'Rosa Roaming', date '1990-01-01', 20.00)::text, true);
create temp table hours_before as
select department, scheduled_hours, worked_hours from hr_private.report_hours_by_department_mv
where hotel_id = tests.hr_hotel_id('Harbor View') and week_start = current_setting('t.w')::date and department in ('Front Desk', 'Restaurant');
grant select on hours_before to public;
with shift as (
    insert into hr.shifts (tenant_id, hotel_id, department_id, position_id, employee_id, starts_at, ends_at, status, published_at)
    select employees.tenant_id, employees.hotel_id, positions.department_id, positions.id, employees.id,
           tests.hr_at('Harbor View', current_setting('t.w')::date + 2 + time '10:00'),
           tests.hr_at('Harbor View', current_setting('t.w')::date + 2 + time '16:00'), 'scheduled', now()
    from hr.employees as employees, hr.positions as positions
    where employees.id = current_setting('t.rosa')::uuid and positions.id = tests.hr_position_id('Harbor View', 'Receptionist')
    returning shifts.id, shifts.tenant_id, shifts.employee_id, shifts.starts_at, shifts.ends_at
)
insert into hr.punches (tenant_id, employee_id, shift_id, clock_in_at, clock_out_at)
select shift.tenant_id, shift.employee_id, shift.id, shift.starts_at, shift.ends_at from shift;
select hr_private.refresh_reports();
select tests.act_as('admin@hr.demo');
select results_eq(
    $$select after.department, after.scheduled_hours - before.scheduled_hours, after.worked_hours - before.worked_hours
      from hr_api.report_hours_by_department as after
      join hours_before as before using (department)
      where after.hotel_id = tests.hr_hotel_id('Harbor View') and after.week_start = current_setting('t.w')::date
      order by 1$$,
    $$values ('Front Desk'::text, 6.00::numeric, 6.00::numeric), ('Restaurant', 0.00, 0.00)$$,
    'worked hours count for the department of the punch''s shift: 6 h scheduled and worked at the Front Desk, none at the Restaurant');

reset role;
select ok(not pg_catalog.has_table_privilege('hr_admin', 'hr_private.report_overtime_mv', 'select'),
          'API roles cannot read the materialized views themselves');

select * from finish();
rollback;
