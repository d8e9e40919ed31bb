-- The remaining refusals of the API, each by its SQLSTATE: unknown rows,
-- callers without an employee record, started or changed shifts, a payroll
-- period with someone still clocked in or hours without a rate, leave beyond
-- the balance at decision time, sick leave reported too late.
begin;
select plan(42);

select set_config('t.y', (extract(year from now())::int + 1)::text, true);
-- the suite's days lie in next year's calendar, up to 22 months ahead: Demo
-- Hotels' scheduling horizon is widened for it (15_horizon.sql tests the horizon)
select tests.hr_set_scheduling_horizon('Demo Hotels', 800, current_date - 13);
select set_config('t.wed', (select min(x)::date from generate_series(make_date(current_setting('t.y')::int, 5, 1), make_date(current_setting('t.y')::int, 5, 7), interval '1 day') as x
                            where extract(isodow from x) = 3)::text, true);
select set_config('t.abe', tests.hr_add_employee('Alpine Lodge', 'Housekeeping', 'refuse.abe@alpine.test', 'Abe Alpine', date '1990-01-01', 30.00)::text, true);
select set_config('t.bea', tests.hr_add_employee('Alpine Lodge', 'Housekeeping', 'refuse.bea@alpine.test', 'Bea Alpine', date '1991-01-01', 30.00)::text, true);
select set_config('t.cid', tests.hr_add_employee('Alpine Lodge', 'Housekeeping', 'refuse.cid@alpine.test', 'Cid Alpine', date '1992-01-01', 30.00)::text, true);
select set_config('t.room', tests.hr_position_id('Alpine Lodge', 'Room Attendant')::text, true);
select core.create_user((select id from core.tenants where app = 'hr' and name = 'Demo Hotels'), 'refuse.nobody@alpine.test', 'No Record', 'hr_employee');
create function pg_temp.at(offset_days int, at time) returns timestamptz language sql stable
as $$ select ((current_setting('t.wed')::date + offset_days) + at) at time zone 'Europe/Zurich' $$;
grant execute on function pg_temp.at(int, time) to public;

-- callers without an employee record
select tests.act_as('refuse.nobody@alpine.test');
select throws_ok($$select hr_api.clock_out()$$, '42501', null, 'a login without an employee record cannot clock out (42501)');
select throws_ok($$select hr_api.request_leave(current_date + 30, current_date + 30, 'vacation')$$, '42501', null, 'nor request leave (42501)');
select throws_ok($$select hr_api.request_swap(gen_random_uuid(), gen_random_uuid())$$, '42501', null, 'nor offer a shift (42501)');
select throws_ok($$select hr_api.take_open_shift(gen_random_uuid())$$, '42501', null, 'nor take an open shift (42501)');

-- unknown rows
select tests.act_as('admin@hr.demo');
select throws_ok($$select hr_api.cancel_shift(gen_random_uuid())$$, 'PT404', null, 'cancelling an unknown shift is PT404');
select throws_ok($$select hr_api.finalize_payroll(gen_random_uuid())$$, 'PT404', null, 'finalizing an unknown run is PT404');
select throws_ok($$select hr_api.discard_payroll(gen_random_uuid())$$, 'PT404', null, 'discarding an unknown run is PT404');
select throws_ok($$select hr_api.post_job((select department_id from hr_api.positions where id = current_setting('t.room')::uuid), gen_random_uuid(), 'Ghost', 30)$$,
                 'PT404', null, 'posting a job for an unknown position is PT404');
select throws_ok($$select hr_api.schedule_open_shift(gen_random_uuid(), now() + interval '1 day', now() + interval '1 day 8 hours')$$,
                 'PT404', null, 'an open shift in an unknown position is PT404');
select throws_ok($$select hr_api.schedule_open_shift(current_setting('t.room')::uuid, now() - interval '1 day', now() - interval '20 hours')$$,
                 'P0001', null, 'an open shift in the past is refused (P0001)');
select tests.act_as('refuse.abe@alpine.test');
select throws_ok($$select hr_api.accept_swap(gen_random_uuid())$$, 'PT404', null, 'accepting an unknown offer is PT404');

-- shifts that changed or started
select tests.act_as('admin@hr.demo');
select set_config('t.abe_shift', hr_api.schedule_shift(current_setting('t.abe')::uuid, current_setting('t.room')::uuid, pg_temp.at(0, '06:00'), pg_temp.at(0, '14:00'))::text, true);
select hr_api.publish_schedule(week.department_id, week.week_start) from tests.hr_shift_week(current_setting('t.abe_shift')::uuid) as week;
select tests.act_as('refuse.abe@alpine.test');
select set_config('t.offer', hr_api.request_swap(current_setting('t.abe_shift')::uuid, current_setting('t.bea')::uuid)::text, true);
reset role;
update hr.shifts set employee_id = current_setting('t.cid')::uuid where id = current_setting('t.abe_shift')::uuid;
select tests.act_as('refuse.bea@alpine.test');
select throws_ok($$select hr_api.accept_swap(current_setting('t.offer')::uuid)$$, 'PT409', null,
                 'an offer whose shift went to someone else in the meantime is PT409');
select is((select employee_id from hr_api.shifts where id = current_setting('t.abe_shift')::uuid), current_setting('t.cid')::uuid, 'and the shift stays where it is');
reset role;
select set_config('t.past', (select shifts.id::text from hr.shifts join hr.employees on employees.id = shifts.employee_id
                             where employees.email like '%@alpine.hr.demo' and shifts.ends_at < now() - interval '1 day' limit 1), true);
select set_config('t.past_owner', (select users.email from hr.shifts join hr.employees on employees.id = shifts.employee_id
                                   join core.users on users.id = employees.user_id where shifts.id = current_setting('t.past')::uuid), true);
select tests.act_as(current_setting('t.past_owner'));
select throws_ok($$select hr_api.request_swap(current_setting('t.past')::uuid, current_setting('t.bea')::uuid)$$, 'PT409',
                 format('shift %s can no longer be swapped', current_setting('t.past')),
                 'a shift in the past cannot be offered (PT409), for being past (its punch would refuse it too)');
reset role;
insert into hr.shifts (tenant_id, hotel_id, department_id, position_id, status, starts_at, ends_at, published_at)
select positions.tenant_id, departments.hotel_id, departments.id, positions.id, 'open', now() - interval '1 hour', now() + interval '7 hours', now() - interval '2 days'
from hr.positions as positions join hr.departments as departments on departments.id = positions.department_id
where positions.id = current_setting('t.room')::uuid;
select set_config('t.started', (select id::text from hr.shifts where status = 'open' and starts_at = now() - interval '1 hour'), true);
select tests.act_as('refuse.bea@alpine.test');
select throws_ok($$select hr_api.take_open_shift(current_setting('t.started')::uuid)$$, 'PT409', null, 'an open shift that has started cannot be taken (PT409)');
-- an open shift overlapping the taker's own shift: the exclusion constraint
select tests.act_as('admin@hr.demo');
select hr_api.schedule_shift(current_setting('t.bea')::uuid, current_setting('t.room')::uuid, pg_temp.at(1, '06:00'), pg_temp.at(1, '14:00'));
select set_config('t.open', hr_api.schedule_open_shift(current_setting('t.room')::uuid, pg_temp.at(1, '10:00'), pg_temp.at(1, '18:00'))::text, true);
select hr_api.publish_schedule(week.department_id, week.week_start) from tests.hr_shift_week(current_setting('t.open')::uuid) as week;
select tests.act_as('refuse.bea@alpine.test');
select throws_ok($$select hr_api.take_open_shift(current_setting('t.open')::uuid)$$, 'P0001', null,
                 'an open shift overlapping the taker''s own is refused (P0001, the exclusion constraint)');
select throws_like($$select hr_api.take_open_shift(current_setting('t.open')::uuid)$$, 'you already have a shift overlapping%',
                   'refused for the overlap, not for another rule');

-- the time clock: a punch reaching past now
reset role;
insert into hr.punches (tenant_id, employee_id, clock_in_at, clock_out_at)
select tenant_id, id, now() - interval '1 hour', now() + interval '1 hour' from hr.employees where id = current_setting('t.cid')::uuid;
select tests.act_as('refuse.cid@alpine.test');
select throws_ok($$select hr_api.clock_in()$$, 'PT409', null, 'clocking in while a punch reaches past now is PT409 (punches never overlap)');

-- leave: sick leave reported too late; approval beyond the balance at decision time
select tests.act_as('refuse.abe@alpine.test');
select throws_ok($$select hr_api.request_leave(current_date - 40, current_date - 38, 'sick')$$, 'P0001', null,
                 'sick leave more than 30 days back is refused (P0001)');
reset role;
insert into hr.leave_ledger (tenant_id, employee_id, kind, hours, reason)
select tenant_id, id, 'vacation', 16, 'opening_balance' from hr.employees where id = current_setting('t.abe')::uuid;
select set_config('t.monday', hr_private.week_start(current_date + 21, 1::smallint)::text, true);
select tests.act_as('refuse.abe@alpine.test');
select set_config('t.leave', hr_api.request_leave(d, d + 1, 'vacation')::text, true)
from (select current_setting('t.monday')::date as d) as monday;
reset role;
insert into hr.leave_ledger (tenant_id, employee_id, kind, hours, reason)
select tenant_id, id, 'vacation', -8, 'opening_balance' from hr.employees where id = current_setting('t.abe')::uuid;
select tests.act_as('admin@hr.demo');
select throws_ok($$select hr_api.decide_leave(current_setting('t.leave')::uuid, true)$$, 'P0001', null,
                 'approving 16 h when the balance has fallen to 8 h is refused (P0001)');

-- payroll: someone still clocked in, hours without a rate
reset role;
select set_config('t.w', tests.hr_week('Alpine Lodge', 1)::text, true);
select set_config('t.dan', tests.hr_add_employee('Alpine Lodge', 'Housekeeping', 'refuse.dan@alpine.test', 'Dan Open', date '1990-02-02', 30.00)::text, true);
insert into hr.punches (tenant_id, employee_id, clock_in_at)
select employees.tenant_id, employees.id, (current_setting('t.w')::date + 2 + time '08:00') at time zone 'Europe/Zurich'
from hr.employees where id = current_setting('t.dan')::uuid;
select tests.act_as('payroll@hr.demo');
select throws_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Alpine Lodge'), current_setting('t.w')::date, current_setting('t.w')::date + 6)$$,
                 'P0001', 'Dan Open is still clocked in from before the end of the period', 'a period with someone still clocked in is refused (P0001)');
reset role;
update hr.punches set clock_out_at = clock_in_at + interval '8 hours' where employee_id = current_setting('t.dan')::uuid;
delete from hr.pay_rates where employee_id = current_setting('t.dan')::uuid;
select tests.act_as('payroll@hr.demo');
select throws_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Alpine Lodge'), current_setting('t.w')::date, current_setting('t.w')::date + 6)$$,
                 'P0001', 'Dan Open has hours in the period without a pay rate in force', 'hours without a rate in force are refused (P0001)');
select is((select count(*) from hr_api.payroll_runs where hotel_id = tests.hr_hotel_id('Alpine Lodge') and period_start = current_setting('t.w')::date),
          0::bigint, 'and the refused runs left no run behind');


-- dates at the ends of the calendar are malformed (22023), never the
-- server's date or timestamp overflow (22008): a certificate issued on the
-- last year a date holds (no date ten years on), the last workweek a date
-- holds (no day after it) and one past what a timestamp holds
reset role;
select set_config('t.last_week', hr_private.week_start(date '5874897-12-31', 1::smallint)::text, true);
select set_config('t.far_week', hr_private.week_start(date '300000-01-10', 1::smallint)::text, true);
select tests.act_as('admin@hr.demo');
select throws_ok($$select hr_api.add_certification(current_setting('t.abe')::uuid, 'first_aid', '5874897-01-01', '5874897-12-31')$$,
                 '22023', 'a certificate cannot be issued in the future (5874897-01-01)',
                 'a certificate issued in the last year a date holds is 22023, not an overflow');
select throws_ok($$select hr_api.publish_schedule((select id from hr_api.departments where hotel_id = tests.hr_hotel_id('Alpine Lodge') and name = 'Housekeeping'),
                                                 current_setting('t.last_week')::date)$$,
                 '22023', format('the week of %s is beyond any shift', current_setting('t.last_week')),
                 'publishing the last workweek a date holds is 22023, not an overflow');
select throws_ok($$select hr_api.publish_schedule((select id from hr_api.departments where hotel_id = tests.hr_hotel_id('Alpine Lodge') and name = 'Housekeeping'),
                                                 current_setting('t.far_week')::date)$$,
                 '22023', format('the week of %s is beyond any shift', current_setting('t.far_week')),
                 'publishing a workweek past what a timestamp holds is 22023, not an overflow');
select throws_ok($$select hr_api.publish_schedule((select id from hr_api.departments where hotel_id = tests.hr_hotel_id('Alpine Lodge') and name = 'Housekeeping'),
                                                 null)$$,
                 '22023', 'null is not the first day of a workweek of this hotel', 'publishing the week of null is 22023');
select throws_ok($$select hr_api.publish_schedule((select id from hr_api.departments where hotel_id = tests.hr_hotel_id('Alpine Lodge') and name = 'Housekeeping'),
                                                 'infinity')$$,
                 '22023', 'infinity is not the first day of a workweek of this hotel', 'and of infinity');
-- free text has a bound, 22023 past it: a job title (shown to anyone on the
-- job board) at most 200 characters once trimmed, a punch edit's reason at
-- most 1000 (a 5 MB title used to be posted)
select tests.act_as('manager.kitchen@hr.demo');
select throws_ok($$select hr_api.post_job((select department_id from hr_api.positions where id = tests.hr_position_id('Alpine Lodge', 'Line Cook')),
                                         tests.hr_position_id('Alpine Lodge', 'Line Cook'), repeat('x', 201), 30.00)$$,
                 '22023', 'a job title of 201 characters is too long (at most 200)', 'a job title of 201 characters is 22023');
select isa_ok(hr_api.post_job((select department_id from hr_api.positions where id = tests.hr_position_id('Alpine Lodge', 'Line Cook')),
                              tests.hr_position_id('Alpine Lodge', 'Line Cook'), ' ' || repeat('x', 200) || ' ', 30.00),
              'uuid', 'one of 200 characters once trimmed is posted');
reset role;
select set_config('t.abe_punch', tests.hr_add_punch(current_setting('t.abe')::uuid, tests.hr_week('Alpine Lodge', 50) + 1 + time '09:00',
                                                     tests.hr_week('Alpine Lodge', 50) + 1 + time '17:00')::text, true);
select tests.act_as('admin@hr.demo');
select throws_ok($$select hr_api.edit_punch(current_setting('t.abe_punch')::uuid,
                                           (select clock_in_at from hr_api.punches where id = current_setting('t.abe_punch')::uuid),
                                           (select clock_out_at - interval '1 hour' from hr_api.punches where id = current_setting('t.abe_punch')::uuid),
                                           repeat('r', 1001))$$,
                 '22023', 'a reason of 1001 characters is too long (at most 1000)', 'a punch edit''s reason of 1001 characters is 22023');
select is((select edited_at from hr_api.punches where id = current_setting('t.abe_punch')::uuid), null, 'and the punch is as it was');
select lives_ok($$select hr_api.edit_punch(current_setting('t.abe_punch')::uuid,
                                          (select clock_in_at from hr_api.punches where id = current_setting('t.abe_punch')::uuid),
                                          (select clock_out_at - interval '1 hour' from hr_api.punches where id = current_setting('t.abe_punch')::uuid),
                                          ' ' || repeat('r', 1000) || ' ')$$,
                'one of 1000 characters once trimmed is accepted');

-- a punch moved to the first instant a timestamp holds: Harbor View's zone
-- is behind UTC, so its local time is before any timestamp (22023, not the
-- overflow 22008); eight hours later it is a local time, before the hire date
reset role;
select set_config('t.hal', tests.hr_add_employee('Harbor View', 'Housekeeping', 'refuse.hal@harbor.test', 'Hal Harbor', date '1990-04-04', 20.00)::text, true);
select set_config('t.hal_punch', tests.hr_add_punch(current_setting('t.hal')::uuid, tests.hr_week('Harbor View', 50) + 1 + time '09:00',
                                                     tests.hr_week('Harbor View', 50) + 1 + time '17:00')::text, true);
select tests.act_as('admin@hr.demo');
select throws_ok($$select hr_api.edit_punch(current_setting('t.hal_punch')::uuid, '4714-11-24 00:00:00+00 BC', '4714-11-24 02:00:00+00 BC', 'x')$$,
                 '22023', 'a punch from 4714-11-24 00:00:00+00 BC is beyond any employment',
                 'a punch moved before what a local timestamp holds is 22023, not an overflow');
select throws_ok($$select hr_api.edit_punch(current_setting('t.hal_punch')::uuid, '4714-11-24 08:00:00+00 BC', '4714-11-24 10:00:00+00 BC', 'x')$$,
                 'P0001', null, 'eight hours later it is a local time, before the hire date (P0001)');

-- a payroll period at either end of the calendar is 22023, not an overflow:
-- the first workweek a date holds at Harbor View (its Sunday would be
-- before the first date), the same Monday-to-Sunday week at Alpine Lodge
-- (whole, but its first local midnight is before the first timestamp), and
-- the last days a date holds (the day after them is no date)
select tests.act_as('payroll@hr.demo');
select throws_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Harbor View'), '4714-11-24 BC', '4714-11-30 BC')$$,
                 '22023', 'a payroll period from 4714-11-24 BC to 4714-11-30 BC is beyond any workweek',
                 'a payroll period whose workweek starts before the first date is 22023');
select throws_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Alpine Lodge'), '4714-11-24 BC', '4714-11-30 BC')$$,
                 '22023', 'a payroll period from 4714-11-24 BC to 4714-11-30 BC is beyond any workweek',
                 'one whose first local midnight is before the first timestamp is 22023');
select throws_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Harbor View'), '5874897-12-29', '5874897-12-31')$$,
                 '22023', 'a payroll period from 5874897-12-29 to 5874897-12-31 is beyond any workweek',
                 'one ending on the last date is 22023');
-- a whole workweek long before anyone worked at the hotel (year 1, and the
-- week before its first punch): a finalized run of it would stand for good
select throws_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Alpine Lodge'), '0001-01-01', '0001-01-07')$$,
                 'P0001', 'the period ending 0001-01-07 is before anyone worked at Alpine Lodge',
                 'a payroll period of year 1 is refused (P0001)');
reset role;
select set_config('t.first_day', least(
    (select min(hired_on) from hr.employees where hotel_id = tests.hr_hotel_id('Alpine Lodge')),
    (select hr_private.local_date(min(punches.clock_in_at), tests.hr_hotel_id('Alpine Lodge'))
     from hr.punches as punches join hr.employees as employees on employees.id = punches.employee_id
     where employees.hotel_id = tests.hr_hotel_id('Alpine Lodge')))::text, true);
select set_config('t.first_week', hr_private.week_start(current_setting('t.first_day')::date,
    (select workweek_starts_on from hr.hotels where id = tests.hr_hotel_id('Alpine Lodge')))::text, true);
select tests.act_as('payroll@hr.demo');
select throws_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Alpine Lodge'), current_setting('t.first_week')::date - 7,
                                             current_setting('t.first_week')::date - 1)$$,
                 'P0001', null, 'so is the week before the hotel''s first punch or hire (P0001)');
-- the bound to the day: a hotel of its own whose first hire was on the
-- last day of a workweek runs that week, not the one before
reset role;
insert into hr.hotels (tenant_id, name, jurisdiction, time_zone, workweek_starts_on, currency)
select id, 'Boundary Inn', 'US', 'America/Chicago', 1, 'USD' from core.tenants where app = 'hr' and name = 'Demo Hotels';
insert into hr.departments (tenant_id, hotel_id, name)
select tenant_id, id, 'Front Desk' from hr.hotels where name = 'Boundary Inn';
select set_config('t.bea', tests.hr_add_employee('Boundary Inn', 'Front Desk', 'bea.bound@inn.test', 'Bea Bound', date '1990-01-01', 20.00)::text, true);
update hr.employees set hired_on = date '2012-06-10' where id = current_setting('t.bea')::uuid;
select tests.act_as('payroll@hr.demo');
select throws_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Boundary Inn'), date '2012-05-28', date '2012-06-03')$$,
                 'P0001', 'the period ending 2012-06-03 is before anyone worked at Boundary Inn',
                 'the week before the first hire is refused (P0001)');
select lives_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Boundary Inn'), date '2012-06-04', date '2012-06-10')$$,
                'the week ending on the first hire''s day runs');
select * from finish();
rollback;
