-- Swaps and open shifts: the employee taking a shift goes through every
-- scheduling check again (certificates, overlap, rest); refusals leave the
-- shift and the offer as they were. Employees see and act on published
-- shifts only, so each week is published before they act (20_drafts.sql
-- tests drafts).
begin;
select plan(64);

select set_config('t.y', (extract(year from now())::int + 1)::text, true);
-- the suite's days lie in next year's calendar, up to 22 months ahead: Demo
-- Hotels' scheduling horizon is widened for it (15_horizon.sql tests the horizon)
select tests.hr_set_scheduling_horizon('Demo Hotels', 800, current_date - 5);
select set_config('t.wed', (select min(x)::date from generate_series(make_date(current_setting('t.y')::int, 5, 1), make_date(current_setting('t.y')::int, 5, 7), interval '1 day') as x
                            where extract(isodow from x) = 3)::text, true);
-- three cooks of Alpine Lodge's kitchen: Kai and Lia hold a valid food handler card, Ole's expired before the shifts
select set_config('t.kai', tests.hr_add_employee('Alpine Lodge', 'Kitchen', 'swap.kai@alpine.test', 'Kai Koch', date '1990-01-01', 30.00)::text, true);
select set_config('t.lia', tests.hr_add_employee('Alpine Lodge', 'Kitchen', 'swap.lia@alpine.test', 'Lia Lang', date '1991-01-01', 30.00)::text, true);
select set_config('t.ole', tests.hr_add_employee('Alpine Lodge', 'Kitchen', 'swap.ole@alpine.test', 'Ole Olsen', date '1992-01-01', 30.00)::text, true);
select tests.hr_add_certificate(current_setting('t.kai')::uuid, 'food_handler', current_setting('t.wed')::date + 500);
select tests.hr_add_certificate(current_setting('t.lia')::uuid, 'food_handler', current_setting('t.wed')::date + 500);
select tests.hr_add_certificate(current_setting('t.ole')::uuid, 'food_handler', current_setting('t.wed')::date - 10);
select set_config('t.cook', tests.hr_position_id('Alpine Lodge', 'Line Cook')::text, true);
create function pg_temp.at(offset_days int, at time) returns timestamptz language sql stable
as $$ select ((current_setting('t.wed')::date + offset_days) + at) at time zone 'Europe/Zurich' $$;
grant execute on function pg_temp.at(int, time) to public;

select tests.act_as('manager.kitchen@hr.demo');
select set_config('t.s1', hr_api.schedule_shift(current_setting('t.kai')::uuid, current_setting('t.cook')::uuid, pg_temp.at(0, '06:00'), pg_temp.at(0, '14:00'))::text, true);
select set_config('t.s2', hr_api.schedule_shift(current_setting('t.kai')::uuid, current_setting('t.cook')::uuid, pg_temp.at(1, '06:00'), pg_temp.at(1, '14:00'))::text, true);
select set_config('t.s3', hr_api.schedule_shift(current_setting('t.kai')::uuid, current_setting('t.cook')::uuid, pg_temp.at(2, '18:00'), pg_temp.at(2, '23:00'))::text, true);
select set_config('t.lia_friday', hr_api.schedule_shift(current_setting('t.lia')::uuid, current_setting('t.cook')::uuid, pg_temp.at(3, '06:00'), pg_temp.at(3, '14:00'))::text, true);
select set_config('t.lia_wed', hr_api.schedule_shift(current_setting('t.lia')::uuid, current_setting('t.cook')::uuid, pg_temp.at(0, '10:00'), pg_temp.at(0, '16:00'))::text, true);
select hr_api.publish_schedule(week.department_id, week.week_start) from tests.hr_shift_week(current_setting('t.s1')::uuid) as week;

-- offering a shift
select tests.act_as('swap.ole@alpine.test');
select throws_ok($$select hr_api.request_swap(current_setting('t.s1')::uuid, current_setting('t.ole')::uuid)$$,
                 '42501', null, 'only the shift''s employee may offer it (42501)');
select tests.act_as('manager.kitchen@hr.demo');
select throws_ok($$select hr_api.request_swap(current_setting('t.s1')::uuid, current_setting('t.lia')::uuid)$$,
                 '42501', null, 'a manager cannot offer an employee''s shift (42501)');
select tests.act_as('admin@other-hr.demo');
select throws_ok($$select hr_api.request_swap(current_setting('t.s1')::uuid, current_setting('t.lia')::uuid)$$,
                 '42501', null, 'an admin is not granted swaps (42501)');
select tests.act_as('swap.kai@alpine.test');
select throws_ok($$select hr_api.request_swap(current_setting('t.s1')::uuid, current_setting('t.kai')::uuid)$$,
                 '22023', null, 'a shift is not offered to oneself (22023)');
select throws_ok($$select hr_api.request_swap(current_setting('t.s1')::uuid, (select id from hr_api.employees where email = 'emp1@hr.demo'))$$,
                 'PT404', null, 'nor to someone of another hotel (PT404)');
select throws_ok($$select hr_api.request_swap(gen_random_uuid(), current_setting('t.ole')::uuid)$$,
                 'PT404', null, 'an unknown shift is PT404');
select set_config('t.swap_ole', hr_api.request_swap(current_setting('t.s1')::uuid, current_setting('t.ole')::uuid)::text, true);
select throws_ok($$select hr_api.request_swap(current_setting('t.s1')::uuid, current_setting('t.lia')::uuid)$$,
                 'PT409', null, 'a shift already offered cannot be offered again (PT409)');

-- Ole's certificate expired: accepting is refused and nothing changes
select tests.act_as('swap.lia@alpine.test');
select throws_ok($$select hr_api.accept_swap(current_setting('t.swap_ole')::uuid)$$,
                 'PT404', null, 'a colleague the offer was not made to does not see it (PT404)');
select throws_ok($$select hr_api.decline_swap(current_setting('t.swap_ole')::uuid)$$,
                 'PT404', format('swap %s not found', current_setting('t.swap_ole')), 'nor declines it (PT404, not 42501)');
select tests.act_as('swap.ole@alpine.test');
select results_eq($$select status, from_employee_id, to_employee_id from hr_api.shift_swaps where id = current_setting('t.swap_ole')::uuid$$,
                  $$values ('requested'::text, current_setting('t.kai')::uuid, current_setting('t.ole')::uuid)$$,
                  'Ole sees the offer');
select throws_ok($$select hr_api.accept_swap(current_setting('t.swap_ole')::uuid)$$,
                 'P0001', null, 'a swap taken by an employee whose certificate expired is refused (P0001)');
select results_eq($$select (select employee_id from hr_api.shifts where id = current_setting('t.s1')::uuid),
                           (select status from hr_api.shift_swaps where id = current_setting('t.swap_ole')::uuid)$$,
                  $$values (current_setting('t.kai')::uuid, 'requested'::text)$$,
                  'the shift stays Kai''s and the offer stays open');

-- a swap the colleague can take: Kai's Thursday to Lia, who works Friday from 06:00
select tests.act_as('swap.kai@alpine.test');
select set_config('t.swap_lia', hr_api.request_swap(current_setting('t.s2')::uuid, current_setting('t.lia')::uuid)::text, true);
select set_config('t.swap_lia_rest', hr_api.request_swap(current_setting('t.s3')::uuid, current_setting('t.lia')::uuid)::text, true);
select tests.act_as('swap.lia@alpine.test');
select lives_ok($$select hr_api.accept_swap(current_setting('t.swap_lia')::uuid)$$, 'Lia accepts Kai''s Thursday shift');
select results_eq($$select (select employee_id from hr_api.shifts where id = current_setting('t.s2')::uuid),
                           (select status from hr_api.shift_swaps where id = current_setting('t.swap_lia')::uuid)$$,
                  $$values (current_setting('t.lia')::uuid, 'accepted'::text)$$,
                  'the shift is now Lia''s and the offer accepted');
select throws_ok($$select hr_api.accept_swap(current_setting('t.swap_lia')::uuid)$$, 'PT409', null, 'an accepted offer cannot be accepted again (PT409)');
select throws_ok($$select hr_api.accept_swap(current_setting('t.swap_lia_rest')::uuid)$$,
                 'P0001', null, 'Kai''s Friday-eve shift until 23:00 would leave Lia 7 h of rest before her Friday 06:00: refused (P0001)');
select is((select employee_id from hr_api.shifts where id = current_setting('t.s3')::uuid), current_setting('t.kai')::uuid,
          'that shift stays Kai''s');
-- overlap: the offer to Ole is withdrawn; Kai offers his Wednesday shift to Lia, who works Wednesday 10:00-16:00
reset role;
update hr.shift_swaps set status = 'withdrawn', decided_at = now() where id = current_setting('t.swap_ole')::uuid;
select tests.act_as('swap.kai@alpine.test');
select set_config('t.swap_overlap', hr_api.request_swap(current_setting('t.s1')::uuid, current_setting('t.lia')::uuid)::text, true);
select tests.act_as('swap.lia@alpine.test');
select throws_ok($$select hr_api.accept_swap(current_setting('t.swap_overlap')::uuid)$$,
                 'P0001', null, 'a swap onto an overlapping shift is refused by the exclusion constraint (P0001)');
select throws_like($$select hr_api.accept_swap(current_setting('t.swap_overlap')::uuid)$$,
                   'you already have a shift overlapping%', 'refused for the overlap, not for another rule');

-- declining and withdrawing: the refused offer of Kai's Friday-eve shift to Lia is still pending
select tests.act_as('manager.kitchen@hr.demo');
select throws_ok($$select hr_api.decline_swap(current_setting('t.swap_lia_rest')::uuid)$$, '42501', null,
                 'the department''s manager cannot decline an offer between two employees (42501)');
select tests.act_as('swap.lia@alpine.test');
select lives_ok($$select hr_api.decline_swap(current_setting('t.swap_lia_rest')::uuid)$$, 'Lia declines the offer');
select results_eq($$select (select status from hr_api.shift_swaps where id = current_setting('t.swap_lia_rest')::uuid),
                           (select employee_id from hr_api.shifts where id = current_setting('t.s3')::uuid)$$,
                  $$values ('declined'::text, current_setting('t.kai')::uuid)$$, 'the offer is declined and the shift stays Kai''s');
select throws_ok($$select hr_api.decline_swap(current_setting('t.swap_lia_rest')::uuid)$$, 'PT409', null, 'a declined offer cannot be declined again (PT409)');
select throws_ok($$select hr_api.accept_swap(current_setting('t.swap_lia_rest')::uuid)$$, 'PT409', null, 'nor accepted after all (PT409)');
select throws_ok($$select hr_api.decline_swap(gen_random_uuid())$$, 'PT404', null, 'declining an unknown offer is PT404');
select tests.act_as('swap.kai@alpine.test');
select set_config('t.to_withdraw', hr_api.request_swap(current_setting('t.s3')::uuid, current_setting('t.ole')::uuid)::text, true);
select throws_ok($$select hr_api.accept_swap(current_setting('t.to_withdraw')::uuid)$$, '42501', null, 'the employee who offers a shift cannot accept the offer himself (42501)');
select lives_ok($$select hr_api.decline_swap(current_setting('t.to_withdraw')::uuid)$$, 'Kai withdraws his new offer');
select is((select status from hr_api.shift_swaps where id = current_setting('t.to_withdraw')::uuid), 'withdrawn', 'the offer is withdrawn');

-- open shifts
select tests.act_as('manager.kitchen@hr.demo');
select set_config('t.open', hr_api.schedule_open_shift(current_setting('t.cook')::uuid, pg_temp.at(5, '07:00'), pg_temp.at(5, '15:00'))::text, true);
select hr_api.publish_schedule(week.department_id, week.week_start) from tests.hr_shift_week(current_setting('t.open')::uuid) as week;
select results_eq($$select employee_id, status from hr_api.shifts where id = current_setting('t.open')::uuid$$,
                  $$values (null::uuid, 'open'::text)$$, 'an open shift has no employee');
select tests.act_as('manager.frontdesk@hr.demo');
select throws_ok($$select hr_api.schedule_open_shift(current_setting('t.cook')::uuid, pg_temp.at(5, '07:00'), pg_temp.at(5, '15:00'))$$,
                 '42501', null, 'another department''s manager may not offer kitchen shifts (42501)');
select tests.act_as('swap.ole@alpine.test');
select throws_ok($$select hr_api.take_open_shift(current_setting('t.open')::uuid)$$,
                 'P0001', null, 'an open shift taken by an employee whose certificate expired is refused (P0001)');
select is((select status from hr_api.shifts where id = current_setting('t.open')::uuid), 'open', 'the shift stays open');
select tests.act_as('emp1@hr.demo');
select throws_ok($$select hr_api.take_open_shift(current_setting('t.open')::uuid)$$,
                 'PT404', null, 'an employee of another hotel does not see it (PT404)');
select tests.act_as('payroll@hr.demo');
select throws_ok($$select hr_api.take_open_shift(current_setting('t.open')::uuid)$$,
                 '42501', null, 'payroll is not granted open shifts (42501)');
select tests.act_as('swap.kai@alpine.test');
select lives_ok($$select hr_api.take_open_shift(current_setting('t.open')::uuid)$$, 'Kai takes the open shift');
select results_eq($$select employee_id, status from hr_api.shifts where id = current_setting('t.open')::uuid$$,
                  $$values (current_setting('t.kai')::uuid, 'scheduled'::text)$$, 'the shift is Kai''s, scheduled');
select tests.act_as('swap.lia@alpine.test');
select throws_ok($$select hr_api.take_open_shift(current_setting('t.open')::uuid)$$,
                 'PT409', null, 'a shift already taken is no longer open (PT409)');

-- cancelling
select tests.act_as('swap.kai@alpine.test');
select throws_ok($$select hr_api.cancel_shift(current_setting('t.open')::uuid)$$, '42501', null, 'an employee may not cancel shifts (42501)');
select tests.act_as('manager.kitchen@hr.demo');
select lives_ok($$select hr_api.cancel_shift(current_setting('t.s1')::uuid)$$, 'the kitchen manager cancels a shift');
select is((select status from hr_api.shift_swaps where id = current_setting('t.swap_overlap')::uuid), 'withdrawn',
          'its pending offer is withdrawn');
select throws_ok($$select hr_api.cancel_shift(current_setting('t.s1')::uuid)$$, 'PT409', null, 'a cancelled shift cannot be cancelled again (PT409)');
-- a shift under way is history (the scheduled-against-worked report keeps it)
reset role;
with running as (
    insert into hr.shifts (tenant_id, hotel_id, department_id, position_id, employee_id, starts_at, ends_at, status)
    select positions.tenant_id, departments.hotel_id, departments.id, positions.id, null, now() - interval '1 hour', now() + interval '3 hours', 'open'
    from hr.positions as positions join hr.departments as departments on departments.id = positions.department_id
    where positions.id = current_setting('t.cook')::uuid
    returning id)
select set_config('t.running', (select id::text from running), true);
select tests.act_as('manager.kitchen@hr.demo');
select throws_ok($$select hr_api.cancel_shift(current_setting('t.running')::uuid)$$, 'PT409', null, 'a shift that has started cannot be cancelled (PT409)');
select is((select status from hr_api.shifts where id = current_setting('t.running')::uuid), 'open', 'and stays as it was');
select tests.act_as('swap.kai@alpine.test');
select is((select count(*) from hr_api.shifts where id = current_setting('t.s1')::uuid), 0::bigint,
          'employees do not see cancelled shifts');

-- the instant itself: a shift starting at the transaction's now() is not in
-- the past (it may be offered, taken and swapped) but has started (it cannot
-- be cancelled)
select tests.act_as('manager.kitchen@hr.demo');
select isa_ok(hr_api.schedule_open_shift(current_setting('t.cook')::uuid, now(), now() + interval '4 hours'),
              'uuid', 'an open shift starting at this very instant is not in the past');
select set_config('t.now_shift', (select id::text from hr_api.shifts where position_id = current_setting('t.cook')::uuid and starts_at = now() and status = 'open'), true);
select hr_api.publish_schedule(week.department_id, week.week_start) from tests.hr_shift_week(current_setting('t.now_shift')::uuid) as week;
select tests.act_as('swap.lia@alpine.test');
select lives_ok($$select hr_api.take_open_shift(current_setting('t.now_shift')::uuid)$$, 'Lia takes the open shift starting at this very instant');
select set_config('t.now_swap', hr_api.request_swap(current_setting('t.now_shift')::uuid, current_setting('t.kai')::uuid)::text, true);
select is((select status from hr_api.shift_swaps where id = current_setting('t.now_swap')::uuid), 'requested', 'and offers it to Kai at once');
select tests.act_as('swap.kai@alpine.test');
select lives_ok($$select hr_api.accept_swap(current_setting('t.now_swap')::uuid)$$, 'Kai accepts the shift starting at this very instant');
select tests.act_as('manager.kitchen@hr.demo');
select throws_ok($$select hr_api.cancel_shift(current_setting('t.now_shift')::uuid)$$, 'PT409', null,
                 'a shift starting at this very instant has started and cannot be cancelled (PT409)');

select tests.act_as('admin@hr.demo');
select is((select status from hr_api.shift_swaps where id = current_setting('t.now_swap')::uuid), 'accepted', 'an admin sees the offers of the group');

select tests.act_as('payroll@hr.demo');
select ok(exists (select from hr_api.shifts where id = current_setting('t.now_shift')::uuid), 'payroll sees the group''s shifts');
select is((select count(*) from hr_api.shift_swaps), 0::bigint, 'but no offers: swaps are none of payroll''s business');

-- a manager swaps their own shifts like any employee (the kitchen manager
-- holds a food handler card here)
reset role;
select set_config('t.mgr', (select id::text from hr.employees where email = 'manager.kitchen@hr.demo'), true);
select tests.hr_add_certificate(current_setting('t.mgr')::uuid, kind, current_setting('t.wed')::date + 400)
from (select distinct kind from hr.position_certifications where position_id = current_setting('t.cook')::uuid) as required;
select tests.act_as('admin@hr.demo');
select set_config('t.mgr_shift', hr_api.schedule_shift(current_setting('t.mgr')::uuid, current_setting('t.cook')::uuid, pg_temp.at(8, '06:00'), pg_temp.at(8, '14:00'))::text, true);
select set_config('t.kai_room', hr_api.schedule_shift(current_setting('t.kai')::uuid, current_setting('t.cook')::uuid, pg_temp.at(9, '06:00'), pg_temp.at(9, '14:00'))::text, true);
select tests.act_as('manager.kitchen@hr.demo');
-- the manager sees their department's drafts, their own shift's included,
-- but offers it only once published
select throws_ok($$select hr_api.request_swap(current_setting('t.mgr_shift')::uuid, current_setting('t.kai')::uuid)$$, 'PT409',
                 format('shift %s is a draft, not published yet', current_setting('t.mgr_shift')),
                 'a manager''s own draft shift cannot be offered yet (PT409)');
select hr_api.publish_schedule(week.department_id, week.week_start) from tests.hr_shift_week(current_setting('t.mgr_shift')::uuid) as week;
select isa_ok(hr_api.request_swap(current_setting('t.mgr_shift')::uuid, current_setting('t.kai')::uuid), 'uuid', 'a manager offers their own shift');
select tests.act_as('swap.kai@alpine.test');
select set_config('t.to_mgr', hr_api.request_swap(current_setting('t.kai_room')::uuid, current_setting('t.mgr')::uuid)::text, true);
select tests.act_as('manager.kitchen@hr.demo');
select lives_ok($$select hr_api.accept_swap(current_setting('t.to_mgr')::uuid)$$, 'and accepts a shift offered to them');

select tests.act_as('admin@hr.demo');
select set_config('t.kai_13', hr_api.schedule_shift(current_setting('t.kai')::uuid, current_setting('t.cook')::uuid, pg_temp.at(13, '06:00'), pg_temp.at(13, '14:00'))::text, true);
select hr_api.publish_schedule(week.department_id, week.week_start) from tests.hr_shift_week(current_setting('t.kai_13')::uuid) as week;
select tests.act_as('swap.kai@alpine.test');
select set_config('t.to_mgr2', hr_api.request_swap(current_setting('t.kai_13')::uuid, current_setting('t.mgr')::uuid)::text, true);
select tests.act_as('manager.kitchen@hr.demo');
select lives_ok($$select hr_api.decline_swap(current_setting('t.to_mgr2')::uuid)$$, 'a manager declines a shift offered to them');
select set_config('t.mgr_open', hr_api.schedule_open_shift(current_setting('t.cook')::uuid, pg_temp.at(11, '06:00'), pg_temp.at(11, '14:00'))::text, true);
select throws_ok($$select hr_api.take_open_shift(current_setting('t.mgr_open')::uuid)$$, 'PT409',
                 format('shift %s is a draft, not published yet', current_setting('t.mgr_open')),
                 'a manager cannot take their department''s draft open shift yet (PT409)');
select hr_api.publish_schedule(week.department_id, week.week_start) from tests.hr_shift_week(current_setting('t.mgr_open')::uuid) as week;
select lives_ok($$select hr_api.take_open_shift(current_setting('t.mgr_open')::uuid)$$, 'and takes an open shift for themselves');

-- a shift its employee has clocked in on is being worked: it is neither
-- offered, nor taken over by a colleague, nor cancelled. Ann clocks in half
-- an hour before her published Receptionist shift (clock_in links the punch
-- to it), after offering it to Bob
reset role;
select set_config('t.ann', tests.hr_add_employee('Harbor View', 'Front Desk', 'swap.ann@harbor.test', 'Ann Punch', date '1990-01-01', 20.00)::text, true);
select set_config('t.bob', tests.hr_add_employee('Harbor View', 'Front Desk', 'swap.bob@harbor.test', 'Bob Punch', date '1990-01-01', 20.00)::text, true);
select tests.act_as('manager.frontdesk@hr.demo');
select set_config('t.ann_shift', hr_api.schedule_shift(current_setting('t.ann')::uuid, tests.hr_position_id('Harbor View', 'Receptionist'),
                                                        now() + interval '30 minutes', now() + interval '270 minutes')::text, true);
select hr_api.publish_schedule(week.department_id, week.week_start) from tests.hr_shift_week(current_setting('t.ann_shift')::uuid) as week;
select tests.act_as('swap.ann@harbor.test');
select lives_ok($$select set_config('t.ann_swap', hr_api.request_swap(current_setting('t.ann_shift')::uuid, current_setting('t.bob')::uuid)::text, true)$$,
                'before she clocks in, Ann offers her shift to Bob');
select set_config('t.ann_punch', hr_api.clock_in()::text, true);
select is((select shift_id from hr_api.punches where id = current_setting('t.ann_punch')::uuid), current_setting('t.ann_shift')::uuid,
          'her clock-in half an hour before the start is linked to the shift');
select tests.act_as('swap.bob@harbor.test');
select throws_ok($$select hr_api.accept_swap(current_setting('t.ann_swap')::uuid)$$,
                 'PT409', format('shift %s is already being worked: its employee clocked in on it', current_setting('t.ann_shift')),
                 'Bob cannot take over a shift Ann has clocked in on (PT409)');
select tests.act_as('swap.ann@harbor.test');
select hr_api.decline_swap(current_setting('t.ann_swap')::uuid);
select throws_ok($$select hr_api.request_swap(current_setting('t.ann_shift')::uuid, current_setting('t.bob')::uuid)$$,
                 'PT409', format('shift %s is already being worked: its employee clocked in on it', current_setting('t.ann_shift')),
                 'nor can Ann offer it once she has clocked in on it (PT409)');
select tests.act_as('manager.frontdesk@hr.demo');
select throws_ok($$select hr_api.cancel_shift(current_setting('t.ann_shift')::uuid)$$,
                 'PT409', format('shift %s is already being worked: its employee clocked in on it', current_setting('t.ann_shift')),
                 'nor can the manager cancel it (PT409)');
select results_eq($$select shifts.employee_id, shifts.status, punches.is_unscheduled
                    from hr_api.shifts as shifts join hr_api.punches as punches on punches.shift_id = shifts.id
                    where shifts.id = current_setting('t.ann_shift')::uuid$$,
                  $$select current_setting('t.ann')::uuid, 'scheduled'::text, false$$,
                  'the shift is still Ann''s and scheduled, her punch on it');

select * from finish();
rollback;
