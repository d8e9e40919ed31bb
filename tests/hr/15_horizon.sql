-- The scheduling horizon (hr.scheduling_rules): a shift may start at most N
-- days after the hotel's local today, N the group's own row or else the
-- default. Every path that writes a shift or hands one to an employee
-- (schedule_shift, schedule_open_shift, take_open_shift, accept_swap) refuses
-- one day past the edge with 22023 and accepts the edge itself, judged on the
-- hotel's local days; refusals change nothing. The rule table is closed to the
-- API roles and shows hr_reader the default and its own group's rows only.
begin;
select plan(39);

-- local days of the three hotels (now() is the transaction's, as in the API)
create function pg_temp.today(zone text) returns date language sql stable
as $$ select (now() at time zone zone)::date $$;
create function pg_temp.at(zone text, offset_days int, at time) returns timestamptz language sql stable
as $$ select ((pg_temp.today(zone) + offset_days) + at) at time zone zone $$;
-- every version of a shift or an offer, to show that a refusal left them as
-- they were: an insert, update (even to the same values) or delete changes a
-- row's place (ctid) or its writing transaction (xmin)
create function pg_temp.shift_state() returns text language sql stable
as $$ select md5(coalesce((select string_agg(s.ctid::text || ':' || s.xmin, ',' order by s.ctid) from hr.shifts as s), '')
                 || coalesce((select string_agg(w.ctid::text || ':' || w.xmin, ',' order by w.ctid) from hr.shift_swaps as w), '')) $$;
-- the hint of the error a call raises
create function pg_temp.hint_of(call text) returns text language plpgsql
as $$
declare
    hint text;
begin
    execute call;
    return null;
exception
    when others then
        get stacked diagnostics hint = pg_exception_hint;
        return hint;
end
$$;
grant execute on function pg_temp.today(text), pg_temp.at(text, int, time), pg_temp.hint_of(text) to public;

select set_config('t.la', pg_temp.today('America/Los_Angeles')::text, true);
select set_config('t.zh', pg_temp.today('Europe/Zurich')::text, true);
select set_config('t.chi', pg_temp.today('America/Chicago')::text, true);
select set_config('t.demo', (select id from core.tenants where app = 'hr' and name = 'Demo Hotels')::text, true);
select set_config('t.other', (select id from core.tenants where app = 'hr' and name = 'Other Hotels')::text, true);
select set_config('t.desk', tests.hr_position_id('Harbor View', 'Receptionist')::text, true);
select set_config('t.room', tests.hr_position_id('Alpine Lodge', 'Room Attendant')::text, true);
select set_config('t.lake', tests.hr_position_id('Lakeside Inn', 'HR Officer')::text, true);
select set_config('t.dana', tests.hr_add_employee('Harbor View', 'Front Desk', 'hz.dana@harbor.test', 'Dana Desk', date '1990-03-03', 21.00)::text, true);
select set_config('t.ann', tests.hr_add_employee('Alpine Lodge', 'Housekeeping', 'hz.ann@alpine.test', 'Ann Alp', date '1989-04-04', 30.00)::text, true);
select set_config('t.ben', tests.hr_add_employee('Alpine Lodge', 'Housekeeping', 'hz.ben@alpine.test', 'Ben Berg', date '1990-05-05', 30.00)::text, true);
select set_config('t.cleo', tests.hr_add_employee('Alpine Lodge', 'Housekeeping', 'hz.cleo@alpine.test', 'Cleo Chalet', date '1991-06-06', 30.00)::text, true);

-- the seeded horizon
select results_eq($$select tenant_id, horizon_days from hr.scheduling_rules order by tenant_id nulls first, effective_from$$,
                  $$values (null::uuid, 366), (current_setting('t.demo')::uuid, 366)$$,
                  'the build''s default and Demo Hotels'' own row: 366 days ahead');

-- schedule_shift at Harbor View (America/Los_Angeles): the hotel's local
-- day 366 days ahead is the last one, to its last hour; the next is refused
select set_config('t.before', pg_temp.shift_state(), true);
select tests.act_as('admin@hr.demo');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.dana')::uuid, current_setting('t.desk')::uuid,
                                                pg_temp.at('America/Los_Angeles', 367, '00:00'), pg_temp.at('America/Los_Angeles', 367, '08:00'))$$,
                 '22023', format('a shift may start at most 366 days ahead: the latest start day at Harbor View is %s, not %s',
                                 current_setting('t.la')::date + 366, current_setting('t.la')::date + 367),
                 'schedule_shift: a shift starting at local midnight after the 366th day is 22023, naming the latest allowed day');
select is(pg_temp.hint_of($$select hr_api.schedule_shift(current_setting('t.dana')::uuid, current_setting('t.desk')::uuid,
                                                         pg_temp.at('America/Los_Angeles', 367, '00:00'), pg_temp.at('America/Los_Angeles', 367, '08:00'))$$),
          format('the hotel group schedules at most 366 days ahead; a shift on %s can be scheduled from %s on',
                 current_setting('t.la')::date + 367, current_setting('t.la')::date + 1),
          'and its hint says from which day that shift can be scheduled');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.dana')::uuid, current_setting('t.desk')::uuid,
                                                pg_temp.at('America/Los_Angeles', 400, '09:00'), pg_temp.at('America/Los_Angeles', 400, '17:00'))$$,
                 '22023', null, 'schedule_shift: further ahead is 22023 too');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.dana')::uuid, current_setting('t.desk')::uuid,
                                                make_timestamptz(2100, 6, 1, 9, 0, 0, 'America/Los_Angeles'), make_timestamptz(2100, 6, 1, 17, 0, 0, 'America/Los_Angeles'))$$,
                 '22023', null, 'schedule_shift: a shift in 2100 is 22023');
select tests.act_as('manager.frontdesk@hr.demo');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.dana')::uuid, current_setting('t.desk')::uuid,
                                                pg_temp.at('America/Los_Angeles', 367, '00:00'), pg_temp.at('America/Los_Angeles', 367, '08:00'))$$,
                 '22023', null, 'schedule_shift: the department''s manager is refused the same (22023)');
select set_config('role', 'none', true);
select is(pg_temp.shift_state(), current_setting('t.before'), 'the refused shifts left hr.shifts as it was');
select tests.act_as('admin@hr.demo');
-- 23:00 on the last day at Harbor View is already the next day in UTC: the
-- hotel's local day is what counts
select isa_ok(hr_api.schedule_shift(current_setting('t.dana')::uuid, current_setting('t.desk')::uuid,
                                    pg_temp.at('America/Los_Angeles', 366, '23:00'), pg_temp.at('America/Los_Angeles', 367, '07:00')),
              'uuid', 'schedule_shift: a shift starting at 23:00 local on the 366th day is accepted');

-- schedule_open_shift at Alpine Lodge (Europe/Zurich)
select set_config('role', 'none', true);
select set_config('t.before', pg_temp.shift_state(), true);
select tests.act_as('admin@hr.demo');
select throws_ok($$select hr_api.schedule_open_shift(current_setting('t.room')::uuid,
                                                     pg_temp.at('Europe/Zurich', 367, '00:00'), pg_temp.at('Europe/Zurich', 367, '08:00'))$$,
                 '22023', format('a shift may start at most 366 days ahead: the latest start day at Alpine Lodge is %s, not %s',
                                 current_setting('t.zh')::date + 366, current_setting('t.zh')::date + 367),
                 'schedule_open_shift: a shift starting the day after the 366th is 22023');
select tests.act_as('manager.kitchen@hr.demo');
select throws_ok($$select hr_api.schedule_open_shift(tests.hr_position_id('Alpine Lodge', 'Line Cook'),
                                                     pg_temp.at('Europe/Zurich', 367, '06:00'), pg_temp.at('Europe/Zurich', 367, '14:00'))$$,
                 '22023', null, 'schedule_open_shift: the department''s manager is refused the same (22023)');
select set_config('role', 'none', true);
select is(pg_temp.shift_state(), current_setting('t.before'), 'the refused open shifts left hr.shifts as it was');
select tests.act_as('admin@hr.demo');
select isa_ok(hr_api.schedule_open_shift(current_setting('t.room')::uuid,
                                         pg_temp.at('Europe/Zurich', 366, '23:30'), pg_temp.at('Europe/Zurich', 367, '07:30')),
              'uuid', 'schedule_open_shift: a shift starting at 23:30 local on the 366th day is accepted');

-- the hotel's local today, not the server's: two hotels of the group at
-- UTC+14 and UTC-11, so that at any hour at least one of them is on another
-- day than UTC
select set_config('role', 'none', true);
create function pg_temp.add_hotel(name text, zone text) returns uuid language sql volatile
as $$
    with hotel as (
        insert into hr.hotels (tenant_id, name, jurisdiction, time_zone, workweek_starts_on, currency)
        values (current_setting('t.demo')::uuid, name, 'US', zone, 7, 'USD')
        returning id, tenant_id),
    department as (
        insert into hr.departments (tenant_id, hotel_id, name)
        select tenant_id, id, 'Front Desk' from hotel
        returning id, tenant_id)
    insert into hr.positions (tenant_id, department_id, title, is_tipped)
    select tenant_id, id, 'Receptionist', false from department
    returning id
$$;
select set_config('t.reef_desk', pg_temp.add_hotel('Reef Lodge', 'Pacific/Kiritimati')::text, true);
select set_config('t.bay_desk', pg_temp.add_hotel('Bay Lodge', 'Pacific/Pago_Pago')::text, true);
select tests.act_as('admin@hr.demo');
select throws_ok($$select hr_api.schedule_open_shift(current_setting('t.reef_desk')::uuid,
                                                     pg_temp.at('Pacific/Kiritimati', 367, '00:00'), pg_temp.at('Pacific/Kiritimati', 367, '08:00'))$$,
                 '22023', format('a shift may start at most 366 days ahead: the latest start day at Reef Lodge is %s, not %s',
                                 pg_temp.today('Pacific/Kiritimati') + 366, pg_temp.today('Pacific/Kiritimati') + 367),
                 'UTC+14: the day after the hotel''s 366th local day is 22023');
select isa_ok(hr_api.schedule_open_shift(current_setting('t.reef_desk')::uuid,
                                         pg_temp.at('Pacific/Kiritimati', 366, '23:00'), pg_temp.at('Pacific/Kiritimati', 367, '07:00')),
              'uuid', 'UTC+14: 23:00 on the hotel''s 366th local day is accepted');
select throws_ok($$select hr_api.schedule_open_shift(current_setting('t.bay_desk')::uuid,
                                                     pg_temp.at('Pacific/Pago_Pago', 367, '00:00'), pg_temp.at('Pacific/Pago_Pago', 367, '08:00'))$$,
                 '22023', format('a shift may start at most 366 days ahead: the latest start day at Bay Lodge is %s, not %s',
                                 pg_temp.today('Pacific/Pago_Pago') + 366, pg_temp.today('Pacific/Pago_Pago') + 367),
                 'UTC-11: the day after the hotel''s 366th local day is 22023');
select isa_ok(hr_api.schedule_open_shift(current_setting('t.bay_desk')::uuid,
                                         pg_temp.at('Pacific/Pago_Pago', 366, '23:00'), pg_temp.at('Pacific/Pago_Pago', 367, '07:00')),
              'uuid', 'UTC-11: 23:00 on the hotel''s 366th local day is accepted');

-- take_open_shift and accept_swap: shifts 30 days ahead, offered while the
-- horizon was 366 days; the group then shortens it to 29, then to 30 days
select set_config('t.open', hr_api.schedule_open_shift(current_setting('t.room')::uuid,
                                                       pg_temp.at('Europe/Zurich', 30, '06:00'), pg_temp.at('Europe/Zurich', 30, '14:00'))::text, true);
select set_config('t.ann_shift', hr_api.schedule_shift(current_setting('t.ann')::uuid, current_setting('t.room')::uuid,
                                                       pg_temp.at('Europe/Zurich', 30, '08:00'), pg_temp.at('Europe/Zurich', 30, '16:00'))::text, true);
-- published (both in one department and week), so that the employees see them
select hr_api.publish_schedule(week.department_id, week.week_start) from tests.hr_shift_week(current_setting('t.ann_shift')::uuid) as week;
select tests.act_as('hz.ann@alpine.test');
select set_config('t.swap', hr_api.request_swap(current_setting('t.ann_shift')::uuid, current_setting('t.cleo')::uuid)::text, true);
select set_config('role', 'none', true);
select tests.hr_set_scheduling_horizon('Demo Hotels', 29, current_date - 15);
select set_config('t.before', pg_temp.shift_state(), true);
select tests.act_as('hz.ben@alpine.test');
select throws_ok($$select hr_api.take_open_shift(current_setting('t.open')::uuid)$$,
                 '22023', format('a shift may start at most 29 days ahead: the latest start day at Alpine Lodge is %s, not %s',
                                 current_setting('t.zh')::date + 29, current_setting('t.zh')::date + 30),
                 'take_open_shift: an open shift starting the day after the (shortened) horizon is 22023');
select tests.act_as('hz.cleo@alpine.test');
select throws_ok($$select hr_api.accept_swap(current_setting('t.swap')::uuid)$$,
                 '22023', format('a shift may start at most 29 days ahead: the latest start day at Alpine Lodge is %s, not %s',
                                 current_setting('t.zh')::date + 29, current_setting('t.zh')::date + 30),
                 'accept_swap: a shift starting the day after the horizon does not change hands (22023)');
select set_config('role', 'none', true);
select is(pg_temp.shift_state(), current_setting('t.before'), 'the refusals left the open shift, Ann''s shift and the offer as they were');
select results_eq($$select employee_id, status from hr.shifts where id in (current_setting('t.open')::uuid, current_setting('t.ann_shift')::uuid)
                    order by starts_at$$,
                  $$values (null::uuid, 'open'::text), (current_setting('t.ann')::uuid, 'scheduled'::text)$$,
                  'the open shift is still open and Ann''s shift still hers');
select tests.hr_set_scheduling_horizon('Demo Hotels', 30, current_date - 15);
select tests.act_as('hz.ben@alpine.test');
select lives_ok($$select hr_api.take_open_shift(current_setting('t.open')::uuid)$$,
                'take_open_shift: with a horizon of 30 days the shift on the 30th day is taken');
select tests.act_as('hz.cleo@alpine.test');
select lives_ok($$select hr_api.accept_swap(current_setting('t.swap')::uuid)$$,
                'accept_swap: and the offered shift on the 30th day changes hands');
select results_eq($$select employee_id from hr_api.shifts where id in (current_setting('t.open')::uuid, current_setting('t.ann_shift')::uuid)
                    order by starts_at$$,
                  $$values (current_setting('t.ben')::uuid), (current_setting('t.cleo')::uuid)$$,
                  'Ben holds the open shift, Cleo Ann''s');
select tests.act_as('admin@hr.demo');
select throws_ok($$select hr_api.schedule_open_shift(current_setting('t.room')::uuid,
                                                     pg_temp.at('Europe/Zurich', 31, '06:00'), pg_temp.at('Europe/Zurich', 31, '14:00'))$$,
                 '22023', null, 'the group''s latest row is the one in force: 31 days ahead is now refused');

-- a group without its own row follows the default; a group with one keeps it
select set_config('role', 'none', true);
update hr.scheduling_rules set horizon_days = 10 where tenant_id is null;
select tests.act_as('admin@other-hr.demo');
select throws_ok($$select hr_api.schedule_open_shift(current_setting('t.lake')::uuid,
                                                     pg_temp.at('America/Chicago', 11, '00:00'), pg_temp.at('America/Chicago', 11, '08:00'))$$,
                 '22023', format('a shift may start at most 10 days ahead: the latest start day at Lakeside Inn is %s, not %s',
                                 current_setting('t.chi')::date + 10, current_setting('t.chi')::date + 11),
                 'Other Hotels (no row of its own) follows the default: 11 days ahead is 22023 under a default of 10');
select isa_ok(hr_api.schedule_open_shift(current_setting('t.lake')::uuid,
                                         pg_temp.at('America/Chicago', 10, '22:00'), pg_temp.at('America/Chicago', 11, '06:00')),
              'uuid', 'and its 10th day is accepted');
select tests.act_as('admin@hr.demo');
select isa_ok(hr_api.schedule_open_shift(current_setting('t.room')::uuid,
                                         pg_temp.at('Europe/Zurich', 20, '06:00'), pg_temp.at('Europe/Zurich', 20, '14:00')),
              'uuid', 'Demo Hotels keeps its own row (30 days): 20 days ahead is accepted under a default of 10');

-- a row takes effect on its effective_from, not before; without any row in
-- force nothing is scheduled
select set_config('role', 'none', true);
delete from hr.scheduling_rules;
insert into hr.scheduling_rules (effective_from, horizon_days) values (current_date + 5, 366);
select tests.act_as('admin@hr.demo');
select throws_ok($$select hr_api.schedule_open_shift(current_setting('t.room')::uuid,
                                                     pg_temp.at('Europe/Zurich', 2, '06:00'), pg_temp.at('Europe/Zurich', 2, '14:00'))$$,
                 'P0001', format('no scheduling horizon is in force for the group of Alpine Lodge on %s', current_setting('t.zh')),
                 'with only a row taking effect in five days, no horizon is in force: P0001, nothing scheduled');
select set_config('role', 'none', true);
insert into hr.scheduling_rules (effective_from, horizon_days) values (current_setting('t.zh')::date, 366);
select tests.act_as('admin@hr.demo');
select isa_ok(hr_api.schedule_open_shift(current_setting('t.room')::uuid,
                                         pg_temp.at('Europe/Zurich', 2, '06:00'), pg_temp.at('Europe/Zurich', 2, '14:00')),
              'uuid', 'a row taking effect on the hotel''s local today is in force that very day');

-- the rule table: like every rule table, closed to the API roles, and hr_reader
-- (owner of the private read views) sees the default and its own group's rows
select set_config('role', 'none', true);
delete from hr.scheduling_rules;
insert into hr.scheduling_rules (effective_from, horizon_days) values (date '2000-01-01', 366);
insert into hr.scheduling_rules (tenant_id, effective_from, horizon_days)
values (current_setting('t.demo')::uuid, date '2000-01-01', 200), (current_setting('t.other')::uuid, date '2000-01-01', 100);
select policies_are('hr', 'scheduling_rules', array['scheduling_rules_select_reader'], 'hr.scheduling_rules: one select policy, for hr_reader');
select ok(pg_catalog.has_table_privilege('hr_reader', 'hr.scheduling_rules', 'select')
          and not pg_catalog.has_table_privilege('hr_reader', 'hr.scheduling_rules', 'insert,update,delete,truncate'),
          'hr_reader may only read hr.scheduling_rules');
select tests.act_as('admin@hr.demo');
select throws_ok($$select * from hr.scheduling_rules$$, '42501', null, 'an admin cannot read the rule table (42501)');
select tests.act_as('manager.kitchen@hr.demo');
select throws_ok($$select * from hr.scheduling_rules$$, '42501', null, 'nor a manager (42501)');
select tests.act_as('hz.ben@alpine.test');
select throws_ok($$select * from hr.scheduling_rules$$, '42501', null, 'nor an employee (42501)');
select tests.act_as('payroll@hr.demo');
select throws_ok($$update hr.scheduling_rules set horizon_days = 3000$$, '42501', null, 'nor may payroll change it (42501)');
select tests.act_as_anon();
select throws_ok($$select * from hr.scheduling_rules$$, '42501', null, 'nor an anonymous request (42501)');
select tests.act_as('admin@hr.demo');
select set_config('role', 'none', true);
select set_config('role', 'hr_reader', true);
select results_eq($$select horizon_days from hr.scheduling_rules order by horizon_days$$, $$values (200), (366)$$,
                  'hr_reader for a Demo Hotels user sees the default and Demo Hotels'' row');
select tests.act_as('admin@other-hr.demo');
select set_config('role', 'none', true);
select set_config('role', 'hr_reader', true);
select results_eq($$select horizon_days from hr.scheduling_rules order by horizon_days$$, $$values (100), (366)$$,
                  'and for an Other Hotels user the default and Other Hotels'' row, never Demo Hotels''');
select tests.act_as_anon();
select set_config('role', 'none', true);
select set_config('role', 'hr_reader', true);
select results_eq($$select horizon_days from hr.scheduling_rules$$, $$values (366)$$,
                  'without a group, hr_reader sees the default only');

select * from finish();
rollback;
