-- Scheduling: who may schedule, malformed times, no overlap (the exclusion
-- constraint), EU rest of 11 h (also across both daylight-saving changes in
-- Europe/Zurich) and 48 h a week, US minors aged 14-15 (time window, later in
-- summer; 3 h on a school day; 18 h in a school week; the youngest age), and a
-- shift across midnight counted in the right workweek.
begin;
select plan(67);

select set_config('t.y', (extract(year from now())::int + 1)::text, true);
-- the suite's days lie in next year's calendar, up to 22 months ahead: Demo
-- Hotels' scheduling horizon is widened for it (15_horizon.sql tests the horizon)
select tests.hr_set_scheduling_horizon('Demo Hotels', 800, current_date - 4);
create temporary table t_days as
select d.name, d.day
from (values
    -- a Wednesday in May (no clock change nearby)
    ('may', (select min(x)::date from generate_series(make_date(current_setting('t.y')::int, 5, 1), make_date(current_setting('t.y')::int, 5, 7), interval '1 day') as x where extract(isodow from x) = 3)),
    -- Zurich's autumn and spring changes: the last Sundays of October and March
    ('fall', make_date(current_setting('t.y')::int, 10, 31) - (extract(isodow from make_date(current_setting('t.y')::int, 10, 31))::int % 7)),
    ('spring', make_date(current_setting('t.y')::int, 3, 31) - (extract(isodow from make_date(current_setting('t.y')::int, 3, 31))::int % 7)),
    -- a Monday in June, and the Monday after
    ('june', hr_private.week_start(make_date(current_setting('t.y')::int, 6, 10), 1::smallint)),
    -- the second Wednesday of October (a school day) and of July (summer, no school)
    ('october', (select min(x)::date from generate_series(make_date(current_setting('t.y')::int, 10, 8), make_date(current_setting('t.y')::int, 10, 14), interval '1 day') as x where extract(isodow from x) = 3)),
    ('july', (select min(x)::date from generate_series(make_date(current_setting('t.y')::int, 7, 8), make_date(current_setting('t.y')::int, 7, 14), interval '1 day') as x where extract(isodow from x) = 3))
) as d (name, day);
grant select on t_days to public;
create function pg_temp.day(name text) returns date language sql stable as $$ select day from t_days where t_days.name = day.name $$;
create function pg_temp.zurich(name text, offset_days int, at time) returns timestamptz language sql stable
as $$ select ((pg_temp.day(name) + offset_days) + at) at time zone 'Europe/Zurich' $$;
create function pg_temp.la(name text, offset_days int, at time) returns timestamptz language sql stable
as $$ select ((pg_temp.day(name) + offset_days) + at) at time zone 'America/Los_Angeles' $$;

select set_config('t.eu', tests.hr_add_employee('Alpine Lodge', 'Housekeeping', 'sched.eu@alpine.test', 'Elsa Rest', date '1990-04-04', 30.00)::text, true);
select set_config('t.eu2', tests.hr_add_employee('Alpine Lodge', 'Housekeeping', 'sched.eu2@alpine.test', 'Emil Week', date '1991-05-05', 30.00)::text, true);
select set_config('t.minor', tests.hr_add_employee('Harbor View', 'Front Desk', 'sched.minor@harbor.test', 'Max Minor',
                                                   make_date(current_setting('t.y')::int - 15, 1, 1), 16.50)::text, true);
select set_config('t.young', tests.hr_add_employee('Harbor View', 'Front Desk', 'sched.young@harbor.test', 'Yves Young',
                                                   make_date(current_setting('t.y')::int - 13, 1, 1), 16.50)::text, true);
select set_config('t.fourteen', tests.hr_add_employee('Harbor View', 'Front Desk', 'sched.fourteen@harbor.test', 'Fay Fourteen',
                                                      make_date(current_setting('t.y')::int - 14, 1, 1), 16.50)::text, true);
select set_config('t.leaver', tests.hr_add_employee('Alpine Lodge', 'Housekeeping', 'sched.leaver@alpine.test', 'Lea Leaver', date '1988-08-08', 30.00)::text, true);
-- Lea starts on the Wednesday after the May one and leaves the Friday after
update hr.employees set hired_on = pg_temp.day('may') + 7, terminated_on = pg_temp.day('may') + 9 where id = current_setting('t.leaver')::uuid;
select set_config('t.room', tests.hr_position_id('Alpine Lodge', 'Room Attendant')::text, true);
select set_config('t.desk', tests.hr_position_id('Harbor View', 'Receptionist')::text, true);
select set_config('t.cook', tests.hr_position_id('Alpine Lodge', 'Line Cook')::text, true);
grant execute on function pg_temp.day(text), pg_temp.zurich(text, int, time), pg_temp.la(text, int, time) to public;

-- who may schedule
select tests.act_as('emp1@hr.demo');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.eu')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('may', 0, '06:00'), pg_temp.zurich('may', 0, '14:00'))$$,
                 '42501', null, 'an employee may not schedule shifts (42501)');
select tests.act_as('payroll@hr.demo');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.eu')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('may', 0, '06:00'), pg_temp.zurich('may', 0, '14:00'))$$,
                 '42501', null, 'payroll may not schedule shifts (42501)');
select tests.act_as_anon();
select throws_ok($$select hr_api.schedule_shift(current_setting('t.eu')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('may', 0, '06:00'), pg_temp.zurich('may', 0, '14:00'))$$,
                 '42501', null, 'anonymous requests may not schedule shifts (42501)');
select tests.act_as('manager.frontdesk@hr.demo');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.eu')::uuid, current_setting('t.cook')::uuid, pg_temp.zurich('may', 0, '06:00'), pg_temp.zurich('may', 0, '14:00'))$$,
                 '42501', null, 'a manager may not schedule into another department''s position (42501)');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.eu')::uuid, current_setting('t.desk')::uuid, pg_temp.la('may', 0, '08:00'), pg_temp.la('may', 0, '16:00'))$$,
                 'PT404', null, 'a manager cannot see an employee of another department (PT404)');
select tests.act_as('admin@other-hr.demo');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.eu')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('may', 0, '06:00'), pg_temp.zurich('may', 0, '14:00'))$$,
                 'PT404', null, 'the other group''s admin cannot see our positions (PT404)');

-- malformed times, the past, another hotel
select tests.act_as('admin@hr.demo');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.eu')::uuid, current_setting('t.room')::uuid, null, pg_temp.zurich('may', 0, '14:00'))$$,
                 '22023', null, 'a shift without a start is 22023');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.eu')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('may', 0, '06:00'), 'infinity')$$,
                 '22023', null, 'an infinite end is 22023');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.eu')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('may', 0, '14:00'), pg_temp.zurich('may', 0, '06:00'))$$,
                 '22023', null, 'a shift ending before it starts is 22023');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.eu')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('may', 0, '06:00'), pg_temp.zurich('may', 0, '23:00'))$$,
                 '22023', null, 'a shift over 16 hours is 22023');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.eu')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('may', 0, '06:00'), pg_temp.zurich('may', 0, '06:00'))$$,
                 '22023', null, 'a shift ending when it starts is 22023');
select lives_ok($$select hr_api.schedule_shift(current_setting('t.eu2')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('may', 0, '06:00'), pg_temp.zurich('may', 0, '22:00'))$$,
                'a shift of exactly 16 hours is accepted');
select lives_ok($$select hr_api.schedule_shift(current_setting('t.eu2')::uuid, current_setting('t.room')::uuid, now(), now() + interval '4 hours')$$,
                'a shift starting at this very instant (the transaction''s now) is not in the past');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.eu')::uuid, current_setting('t.room')::uuid, now() - interval '2 days', now() - interval '2 days' + interval '8 hours')$$,
                 'P0001', null, 'a shift in the past is refused (P0001)');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.eu')::uuid, current_setting('t.desk')::uuid, pg_temp.la('may', 0, '08:00'), pg_temp.la('may', 0, '16:00'))$$,
                 'P0001', 'Elsa Rest works at another hotel than the position Receptionist',
                 'an Alpine Lodge employee cannot be scheduled at Harbor View (P0001)');
select is((select count(*) from hr_api.shifts where employee_id = current_setting('t.eu')::uuid), 0::bigint,
          'the refused requests left no shift behind');

-- EU rest: 10 h refused, 11 h accepted
select isa_ok(hr_api.schedule_shift(current_setting('t.eu')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('may', 0, '06:00'), pg_temp.zurich('may', 0, '14:00')),
              'uuid', 'an admin schedules an 8 h shift at Alpine Lodge');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.eu')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('may', 1, '00:00'), pg_temp.zurich('may', 1, '08:00'))$$,
                 'P0001', 'Elsa Rest would rest only 10.00 h before this shift; EU requires 11 h',
                 'EU: a shift starting 10 h after the previous one ends is refused (P0001)');
select lives_ok($$select hr_api.schedule_shift(current_setting('t.eu')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('may', 1, '01:00'), pg_temp.zurich('may', 1, '09:00'))$$,
                'EU: 11 h after the previous one ends is accepted');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.eu')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('may', -1, '10:00'), pg_temp.zurich('may', -1, '20:00'))$$,
                 'P0001', 'Elsa Rest would rest only 10.00 h after this shift; EU requires 11 h',
                 'EU: the rest after a new shift counts too (10 h before the next one is refused)');

-- exactly 11 h of rest after a new shift is enough: Sunday 08:00 is scheduled
-- first, then Saturday until 21:00
select lives_ok($$select hr_api.schedule_shift(current_setting('t.eu')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('may', 4, '08:00'), pg_temp.zurich('may', 4, '16:00'))$$,
                'EU: a Sunday shift from 08:00');
select lives_ok($$select hr_api.schedule_shift(current_setting('t.eu')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('may', 3, '13:00'), pg_temp.zurich('may', 3, '21:00'))$$,
                'EU: a Saturday shift ending exactly 11 h before the next one starts is accepted');

-- no rest at all: a shift starting the instant another ends, or ending the
-- instant another starts (the two do not overlap)
select throws_ok($$select hr_api.schedule_shift(current_setting('t.eu')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('may', 4, '16:00'), pg_temp.zurich('may', 4, '20:00'))$$,
                 'P0001', 'Elsa Rest would rest only 0.00 h before this shift; EU requires 11 h',
                 'EU: a shift starting the instant the previous one ends is refused (P0001)');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.eu')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('may', 3, '09:00'), pg_temp.zurich('may', 3, '13:00'))$$,
                 'P0001', 'Elsa Rest would rest only 0.00 h after this shift; EU requires 11 h',
                 'EU: a shift ending the instant the next one starts is refused (P0001)');

-- employed on those days: the first and the last day count, the day after does not
select lives_ok($$select hr_api.schedule_shift(current_setting('t.leaver')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('may', 7, '06:00'), pg_temp.zurich('may', 7, '14:00'))$$,
                'a shift on the first day of employment is accepted');
select lives_ok($$select hr_api.schedule_shift(current_setting('t.leaver')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('may', 9, '06:00'), pg_temp.zurich('may', 9, '14:00'))$$,
                'a shift on the last day of employment is accepted');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.leaver')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('may', 10, '06:00'), pg_temp.zurich('may', 10, '14:00'))$$,
                 'P0001', format('Lea Leaver is not employed on %s', pg_temp.day('may') + 10),
                 'a shift on the day after the employment ended is refused (P0001)');

-- overlap: the exclusion constraint
select throws_ok($$select hr_api.schedule_shift(current_setting('t.eu')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('may', 0, '10:00'), pg_temp.zurich('may', 0, '12:00'))$$,
                 'P0001', null, 'an overlapping shift is refused (P0001)');
select throws_like($$select hr_api.schedule_shift(current_setting('t.eu')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('may', 0, '10:00'), pg_temp.zurich('may', 0, '12:00'))$$,
                   '%already has a shift overlapping%', 'refused for the overlap, not for another rule');
reset role;
select throws_ok($$insert into hr.shifts (tenant_id, hotel_id, department_id, position_id, employee_id, starts_at, ends_at)
                   select shifts.tenant_id, shifts.hotel_id, shifts.department_id, shifts.position_id, shifts.employee_id,
                          shifts.starts_at + interval '1 hour', shifts.ends_at + interval '1 hour'
                   from hr.shifts where employee_id = current_setting('t.eu')::uuid order by starts_at limit 1$$,
                 '23P01', null, 'an overlap written past the API is refused by the exclusion constraint shifts_no_overlap (23P01)');
select lives_ok($$insert into hr.shifts (tenant_id, hotel_id, department_id, position_id, employee_id, starts_at, ends_at, status)
                  select shifts.tenant_id, shifts.hotel_id, shifts.department_id, shifts.position_id, shifts.employee_id,
                         shifts.starts_at, shifts.ends_at, 'cancelled'
                  from hr.shifts where employee_id = current_setting('t.eu')::uuid order by starts_at limit 1$$,
                'a cancelled shift does not count as an overlap');

-- EU rest across Zurich's autumn change (clocks go back at 03:00): Saturday 22:00 CEST to Sunday 07:00 CET is 10 h, to 08:00 is 11 h
select tests.act_as('admin@hr.demo');
select is(extract(epoch from pg_temp.zurich('fall', 0, '08:00') - pg_temp.zurich('fall', -1, '22:00')) / 3600, 11::numeric,
          'Saturday 22:00 to Sunday 08:00 in Zurich on the autumn change is 11 h of real time (10 h on the clock)');
select lives_ok($$select hr_api.schedule_shift(current_setting('t.eu')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('fall', -1, '14:00'), pg_temp.zurich('fall', -1, '22:00'))$$,
                'a Saturday shift until 22:00 on the autumn change');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.eu')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('fall', 0, '07:00'), pg_temp.zurich('fall', 0, '15:00'))$$,
                 'P0001', 'Elsa Rest would rest only 10.00 h before this shift; EU requires 11 h',
                 'autumn change: Sunday 07:00 is 10 h of rest and refused');
select lives_ok($$select hr_api.schedule_shift(current_setting('t.eu')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('fall', 0, '08:00'), pg_temp.zurich('fall', 0, '16:00'))$$,
                'autumn change: Sunday 08:00 is 11 h of rest and accepted, though the clock shows 10 h');
-- and the spring change (clocks go forward at 02:00): Saturday 22:00 CET to Sunday 09:00 CEST is 10 h
select lives_ok($$select hr_api.schedule_shift(current_setting('t.eu')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('spring', -1, '14:00'), pg_temp.zurich('spring', -1, '22:00'))$$,
                'a Saturday shift until 22:00 on the spring change');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.eu')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('spring', 0, '09:00'), pg_temp.zurich('spring', 0, '17:00'))$$,
                 'P0001', 'Elsa Rest would rest only 10.00 h before this shift; EU requires 11 h',
                 'spring change: Sunday 09:00 is 10 h of rest and refused, though the clock shows 11 h');
select lives_ok($$select hr_api.schedule_shift(current_setting('t.eu')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('spring', 0, '10:00'), pg_temp.zurich('spring', 0, '18:00'))$$,
                'spring change: Sunday 10:00 is 11 h of rest and accepted');

-- EU 48 h a week (Monday to Sunday in Zurich)
select lives_ok($$select hr_api.schedule_shift(current_setting('t.eu2')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('june', d, '06:00'), pg_temp.zurich('june', d, '14:00'))
                  from generate_series(0, 5) as d$$,
                'EU: six 8 h shifts, 48 h in a week, are accepted');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.eu2')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('june', 6, '06:00'), pg_temp.zurich('june', 6, '07:00'))$$,
                 'P0001', format('Emil Week would work 49.00 h in the week of %s; EU allows 48 h', pg_temp.day('june')),
                 'EU: one more hour in that week (49 h) is refused');
-- the next week: 46 h, then a Sunday shift across midnight counts only its Sunday part in that week
select lives_ok($$select hr_api.schedule_shift(current_setting('t.eu2')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('june', 7 + d, '06:00'), pg_temp.zurich('june', 7 + d, '14:00'))
                  from generate_series(0, 4) as d$$, 'EU: 40 h Monday to Friday of the next week');
select lives_ok($$select hr_api.schedule_shift(current_setting('t.eu2')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('june', 12, '06:00'), pg_temp.zurich('june', 12, '12:00'))$$,
                'EU: and 6 h on Saturday (46 h)');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.eu2')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('june', 13, '20:00'), pg_temp.zurich('june', 14, '02:00'))$$,
                 'P0001', format('Emil Week would work 50.00 h in the week of %s; EU allows 48 h', pg_temp.day('june') + 7),
                 'EU: Sunday 20:00 to Monday 02:00 puts 4 h in the week (50 h) and is refused');
select lives_ok($$select hr_api.schedule_shift(current_setting('t.eu2')::uuid, current_setting('t.room')::uuid, pg_temp.zurich('june', 13, '22:00'), pg_temp.zurich('june', 14, '06:00'))$$,
                'EU: Sunday 22:00 to Monday 06:00 (8 h) puts only 2 h in the week (48 h) and is accepted: the rest counts in the next week');

-- US minors at Harbor View (15 years old all of next year)
reset role;
select ok(exists (select from hr.school_days where hotel_id = tests.hr_hotel_id('Harbor View') and day = pg_temp.day('october'))
          and not exists (select from hr.school_days where hotel_id = tests.hr_hotel_id('Harbor View') and day = pg_temp.day('july')),
          'the school calendar: the October Wednesday is a school day, the July one is not');
select tests.act_as('manager.frontdesk@hr.demo');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.minor')::uuid, current_setting('t.desk')::uuid, pg_temp.la('october', 0, '16:00'), pg_temp.la('october', 0, '19:30'))$$,
                 'P0001', format('Max Minor is 15 years old: on %s they may work only between 07:00 and 19:00', pg_temp.day('october')),
                 'a 15-year-old cannot work past 19:00 in October (P0001)');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.minor')::uuid, current_setting('t.desk')::uuid, pg_temp.la('october', 2, '06:00'), pg_temp.la('october', 2, '08:00'))$$,
                 'P0001', format('Max Minor is 15 years old: on %s they may work only between 07:00 and 19:00', pg_temp.day('october') + 2),
                 'nor before 07:00 (P0001)');
select lives_ok($$select hr_api.schedule_shift(current_setting('t.minor')::uuid, current_setting('t.desk')::uuid, pg_temp.la('october', 0, '16:00'), pg_temp.la('october', 0, '19:00'))$$,
                'a 15-year-old may work 16:00-19:00 on an October school day');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.minor')::uuid, current_setting('t.desk')::uuid, pg_temp.la('october', 1, '15:00'), pg_temp.la('october', 1, '19:00'))$$,
                 'P0001', format('Max Minor is 15 years old: 4.00 h on %s exceeds the 3 h of a school day', pg_temp.day('october') + 1),
                 'but not more than 3 h on a school day (P0001)');
-- the school week (Sunday to Saturday in Los Angeles): 18 h at most
select lives_ok($$select hr_api.schedule_shift(current_setting('t.minor')::uuid, current_setting('t.desk')::uuid, pg_temp.la('october', d, '16:00'), pg_temp.la('october', d, '19:00'))
                  from unnest(array[-2, -1, 1, 2]) as d$$,
                '3 h on each of the other school days of that week (15 h)');
select lives_ok($$select hr_api.schedule_shift(current_setting('t.minor')::uuid, current_setting('t.desk')::uuid, pg_temp.la('october', 3, '10:00'), pg_temp.la('october', 3, '13:00'))$$,
                'and 3 h on Saturday: 18 h in the school week');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.minor')::uuid, current_setting('t.desk')::uuid, pg_temp.la('october', -3, '10:00'), pg_temp.la('october', -3, '11:00'))$$,
                 'P0001', format('Max Minor is 15 years old: 19.00 h in the week of %s exceeds the 18 h of a school week', pg_temp.day('october') - 3),
                 'one more hour on the Sunday that opens the week (19 h) is refused');
select lives_ok($$select hr_api.schedule_shift(current_setting('t.minor')::uuid, current_setting('t.desk')::uuid, pg_temp.la('july', 0, '13:00'), pg_temp.la('july', 0, '21:00'))$$,
                'in July (June 1 to Labor Day) a 15-year-old may work until 21:00, 8 h on a non-school day');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.minor')::uuid, current_setting('t.desk')::uuid, pg_temp.la('july', 1, '13:00'), pg_temp.la('july', 1, '21:30'))$$,
                 'P0001', format('Max Minor is 15 years old: on %s they may work only between 07:00 and 21:00', pg_temp.day('july') + 1),
                 'but not past 21:00 (P0001)');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.minor')::uuid, current_setting('t.desk')::uuid, pg_temp.la('july', 2, '11:30'), pg_temp.la('july', 2, '21:00'))$$,
                 'P0001', format('Max Minor is 15 years old: 9.50 h on %s exceeds the 8 h of a non-school day', pg_temp.day('july') + 2),
                 'nor more than 8 h on a non-school day (P0001)');
select lives_ok($$select hr_api.schedule_shift(current_setting('t.minor')::uuid, current_setting('t.desk')::uuid, pg_temp.la('july', d, '09:00'), pg_temp.la('july', d, '17:00'))
                  from unnest(array[-2, -1, 1, 2]) as d$$,
                'four more 8 h summer days: 40 h in a non-school week');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.minor')::uuid, current_setting('t.desk')::uuid, pg_temp.la('july', 3, '10:00'), pg_temp.la('july', 3, '11:00'))$$,
                 'P0001', format('Max Minor is 15 years old: 41.00 h in the week of %s exceeds the 40 h of a non-school week', pg_temp.day('july') - 3),
                 'one more hour in that non-school week (41 h) is refused');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.young')::uuid, current_setting('t.desk')::uuid, pg_temp.la('july', 0, '10:00'), pg_temp.la('july', 0, '12:00'))$$,
                 'P0001', format('Yves Young is 13 years old on %s: the youngest age to work in US is 14', pg_temp.day('july')),
                 'a 13-year-old cannot be scheduled at all (the youngest age is 14)');
select lives_ok($$select hr_api.schedule_shift(current_setting('t.fourteen')::uuid, current_setting('t.desk')::uuid, pg_temp.la('july', 0, '10:00'), pg_temp.la('july', 0, '12:00'))$$,
                'a 14-year-old, exactly the youngest age, may be scheduled');
select lives_ok($$select hr_api.schedule_shift(current_setting('t.fourteen')::uuid, current_setting('t.desk')::uuid, pg_temp.la('july', 1, '07:00'), pg_temp.la('july', 1, '09:00'))$$,
                'a minor''s shift starting exactly at 07:00 is accepted');
select is((select count(*) from hr_api.shifts where employee_id = current_setting('t.minor')::uuid), 11::bigint,
          'the minor has exactly the eleven accepted shifts');

-- the demo minor has shifts in the demo schedule
reset role;
select ok((select count(*) from hr.shifts join hr.employees on employees.id = shifts.employee_id
           where employees.email = 'minor@hr.demo' and shifts.starts_at > now() and shifts.status = 'scheduled') > 0
          and (select extract(year from age(current_date, birth_date)) from hr.employees where email = 'minor@hr.demo') = 15,
          'minor@hr.demo is 15 and has shifts in the demo schedule');

-- two managers scheduling one employee at once: each would check the week
-- without the other's shift (rest, weekly and minors' limits), so
-- schedule_shift holds the employee's row until it commits: a lock for no
-- key update, which a second scheduling of the same employee must wait for
-- (the shift's foreign key alone takes a key share lock, which two
-- schedulings hold together). pgrowlocks shows the row locks of this
-- transaction, taken by this session's process.
reset role;
select set_config('t.seeded', (select employees.id::text from hr.employees as employees
                               join hr.departments as departments on departments.id = employees.department_id
                               join hr.hotels as hotels on hotels.id = employees.hotel_id
                               where hotels.name = 'Alpine Lodge' and departments.name = 'Housekeeping' and employees.user_id is not null
                                 and employees.birth_date < current_date - 365 * 20 and employees.terminated_on is null
                                 -- one this suite has not scheduled (and so locked) yet
                                 and tests.my_row_locks('hr.employees', employees.id) is null
                               order by employees.id desc limit 1), true);
select isnt(current_setting('t.seeded'), '', 'a housekeeper of the seed whose row this transaction holds no lock on yet');
select tests.act_as('admin@hr.demo');
select isa_ok(hr_api.schedule_shift(current_setting('t.seeded')::uuid, current_setting('t.room')::uuid,
                                    tests.hr_at('Alpine Lodge', current_date + 200 + time '06:00'), tests.hr_at('Alpine Lodge', current_date + 200 + time '14:00')),
              'uuid', 'an admin schedules a housekeeper of the seed');
reset role;
select ok(tests.my_row_locks('hr.employees', current_setting('t.seeded')::uuid) && array['For No Key Update', 'For Update', 'No Key Update', 'Update'],
          'while the shift is uncommitted, the housekeeper''s row is held for no key update (another scheduling of the same employee waits)');

-- a working-time rule is in force from its very first day: the group's own
-- EU rule of 8 h a week from a Monday in August
reset role;
select set_config('t.rule_day', (hr_private.week_start(pg_temp.day('june') + 60, 1::smallint))::text, true);
insert into hr.working_time_rules (tenant_id, jurisdiction, effective_from, minimum_age, min_rest_hours, max_weekly_hours)
select id, 'EU', current_setting('t.rule_day')::date, 15, 11, 8 from core.tenants where app = 'hr' and name = 'Demo Hotels';
select tests.act_as('admin@hr.demo');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.eu')::uuid, current_setting('t.room')::uuid,
                                               (current_setting('t.rule_day')::date + time '06:00') at time zone 'Europe/Zurich',
                                               (current_setting('t.rule_day')::date + time '16:00') at time zone 'Europe/Zurich')$$,
                 'P0001', format('Elsa Rest would work 10.00 h in the week of %s; EU allows 8 h', current_setting('t.rule_day')),
                 'EU: the group''s rule of 8 h a week applies from its first day');

-- a minors' rule is in force from its very first day: the group's own US
-- rule of 2 h on a non-school day from a summer Wednesday
reset role;
insert into hr.minor_rules (tenant_id, jurisdiction, effective_from, min_age, max_age, school_day_max_hours, school_week_max_hours,
                            non_school_day_max_hours, non_school_week_max_hours, earliest_start, latest_end, summer_latest_end,
                            summer_starts_month, summer_starts_day)
select id, 'US', pg_temp.day('july') + 14, 14, 15, 3, 18, 2, 40, time '07:00', time '19:00', time '21:00', 6, 1
from core.tenants where app = 'hr' and name = 'Demo Hotels';
select tests.act_as('manager.frontdesk@hr.demo');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.fourteen')::uuid, current_setting('t.desk')::uuid, pg_temp.la('july', 14, '10:00'), pg_temp.la('july', 14, '13:00'))$$,
                 'P0001', format('Fay Fourteen is 14 years old: 3.00 h on %s exceeds the 2 h of a non-school day', pg_temp.day('july') + 14),
                 'US: the group''s minors'' rule of 2 h on a non-school day applies from its first day');

select * from finish();
rollback;
