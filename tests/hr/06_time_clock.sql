-- Time clock: employees clock in and out for themselves; a punch without a
-- scheduled shift is accepted and flagged; edits need the department's
-- manager (or an admin), keep the original times, are audited, never of
-- one's own punches, never inside a finalized payroll period.
begin;
select plan(41);

-- Tom has a front desk shift starting in 30 minutes; Una has none today
select set_config('t.tom', tests.hr_add_employee('Harbor View', 'Front Desk', 'clock.tom@harbor.test', 'Tom Timely', date '1990-06-06', 20.00)::text, true);
select set_config('t.una', tests.hr_add_employee('Harbor View', 'Front Desk', 'clock.una@harbor.test', 'Una Unplanned', date '1991-07-07', 20.00)::text, true);
insert into hr.shifts (tenant_id, hotel_id, department_id, position_id, employee_id, starts_at, ends_at)
select positions.tenant_id, departments.hotel_id, departments.id, positions.id, current_setting('t.tom')::uuid,
       now() + interval '30 minutes', now() + interval '8 hours 30 minutes'
from hr.positions as positions join hr.departments as departments on departments.id = positions.department_id
where positions.id = tests.hr_position_id('Harbor View', 'Receptionist');
select set_config('t.manager_user', (select id::text from core.users where email = 'manager.frontdesk@hr.demo'), true);
-- a login of the group without an employee record
select core.create_user((select id from core.tenants where app = 'hr' and name = 'Demo Hotels'), 'clock.nobody@harbor.test', 'No Body', 'hr_employee');

select tests.act_as('clock.tom@harbor.test');
select set_config('t.tom_punch', hr_api.clock_in()::text, true);
select results_eq($$select shift_id is not null, is_unscheduled, clock_out_at from hr_api.punches where id = current_setting('t.tom_punch')::uuid$$,
                  $$values (true, false, null::timestamptz)$$, 'clocking in 30 minutes before a shift links the punch to it');
select throws_ok($$select hr_api.clock_in()$$, 'PT409', 'Tom Timely is already clocked in', 'clocking in twice is PT409, saying so');
select is(hr_api.clock_out(), current_setting('t.tom_punch')::uuid, 'clocking out closes the same punch');
select ok((select clock_out_at > clock_in_at from hr_api.punches where id = current_setting('t.tom_punch')::uuid), 'the punch is closed after it opened');
select throws_ok($$select hr_api.clock_out()$$, 'PT409', null, 'clocking out when not clocked in is PT409');

select tests.act_as('clock.una@harbor.test');
select set_config('t.una_punch', hr_api.clock_in()::text, true);
select results_eq($$select shift_id, is_unscheduled from hr_api.punches where id = current_setting('t.una_punch')::uuid$$,
                  $$values (null::uuid, true)$$, 'a punch without a scheduled shift is accepted and flagged');
select is((select count(*) from hr_api.punches), 1::bigint, 'Una sees her own punch and no one else''s');
select tests.act_as('manager.frontdesk@hr.demo');
select results_eq($$select is_unscheduled from hr_api.punches where id = current_setting('t.una_punch')::uuid$$,
                  $$values (true)$$, 'the department''s manager sees the flagged punch');
select tests.act_as('manager.kitchen@hr.demo');
select is((select count(*) from hr_api.punches where employee_id in (current_setting('t.tom')::uuid, current_setting('t.una')::uuid)),
          0::bigint, 'another department''s manager does not');
select ok((select count(*) from hr_api.punches) > 0, 'while seeing the kitchen''s');
select tests.act_as('admin@other-hr.demo');
select is((select count(*) from hr_api.punches where employee_id in (current_setting('t.tom')::uuid, current_setting('t.una')::uuid)),
          0::bigint, 'the other group sees none of our punches');

-- only employees clock, for themselves
select tests.act_as('clock.nobody@harbor.test');
select throws_ok($$select hr_api.clock_in()$$, '42501', null, 'a login without an employee record cannot clock in (42501)');
select tests.act_as_anon();
select throws_ok($$select hr_api.clock_in()$$, '42501', null, 'anonymous requests cannot clock in (42501)');
select function_privs_are('hr_api', 'clock_in', array[]::text[], 'hr_employee', array['EXECUTE'], 'employees may clock in');

-- edits
select tests.act_as('clock.una@harbor.test');
select throws_ok($$select hr_api.edit_punch(current_setting('t.una_punch')::uuid, now() - interval '1 hour', now(), 'me')$$,
                 '42501', null, 'an employee may not edit punches, not even their own (42501)');
select tests.act_as('payroll@hr.demo');
select throws_ok($$select hr_api.edit_punch(current_setting('t.tom_punch')::uuid, now() - interval '1 hour', now(), 'x')$$,
                 '42501', null, 'payroll may not edit punches (42501)');
select tests.act_as('manager.kitchen@hr.demo');
select throws_ok($$select hr_api.edit_punch(current_setting('t.tom_punch')::uuid, now() - interval '1 hour', now(), 'x')$$,
                 'PT404', null, 'another department''s manager cannot see the punch (PT404)');
select tests.act_as('manager.frontdesk@hr.demo');
select throws_ok($$select hr_api.edit_punch(current_setting('t.tom_punch')::uuid, now(), now() - interval '1 hour', 'reversed')$$,
                 '22023', null, 'a clock-out before the clock-in is 22023');
select throws_ok($$select hr_api.edit_punch(current_setting('t.tom_punch')::uuid, now() + interval '1 hour', now() + interval '2 hours', 'future')$$,
                 '22023', null, 'times in the future are 22023');
select throws_ok($$select hr_api.edit_punch(current_setting('t.tom_punch')::uuid, now() - interval '30 hours', now(), 'too long')$$,
                 '22023', null, 'a punch over 24 h is 22023');
select throws_ok($$select hr_api.edit_punch(current_setting('t.tom_punch')::uuid, now() - interval '1 hour', now(), '  ')$$,
                 '22023', null, 'an edit without a reason is 22023');
select throws_ok($$select hr_api.edit_punch(current_setting('t.tom_punch')::uuid, null, now(), 'x')$$,
                 '22023', null, 'a missing clock-in time is 22023');
select throws_ok($$select hr_api.edit_punch(current_setting('t.tom_punch')::uuid, 'infinity', now(), 'x')$$,
                 '22023', null, 'an infinite time is 22023');
select throws_ok($$select hr_api.edit_punch(current_setting('t.tom_punch')::uuid, now() - interval '1 hour', null, 'reopen')$$,
                 '22023', null, 'a closed punch cannot be reopened (22023)');
select set_config('t.original_in', (select clock_in_at::text from hr_api.punches where id = current_setting('t.tom_punch')::uuid), true);
select lives_ok($$select hr_api.edit_punch(current_setting('t.tom_punch')::uuid, now() - interval '2 hours', now() - interval '1 minute', 'badge reader was down')$$,
                'the front desk manager corrects Tom''s punch');
select lives_ok($$select hr_api.edit_punch(current_setting('t.tom_punch')::uuid, now() - interval '3 hours', now() - interval '2 minutes', 'second correction')$$,
                'and corrects it again');
select results_eq($$select clock_in_at, original_clock_in_at, edit_reason, edited_by
                    from hr_api.punches where id = current_setting('t.tom_punch')::uuid$$,
                  $$values (now() - interval '3 hours', current_setting('t.original_in')::timestamptz, 'second correction'::text,
                            current_setting('t.manager_user')::uuid)$$,
                  'the punch shows the new times, the very first clock-in kept, the reason and who edited');
reset role;
select is((select count(*) from core.audit_log
           where table_name = 'hr.punches' and operation = 'UPDATE' and row_key ->> 'id' = current_setting('t.tom_punch')
             and user_id = (select id from core.users where email = 'manager.frontdesk@hr.demo')),
          2::bigint, 'both edits are in the audit log with the manager as the acting user');
select ok((select old_row ->> 'clock_in_at' is distinct from new_row ->> 'clock_in_at' from core.audit_log
           where table_name = 'hr.punches' and operation = 'UPDATE' and row_key ->> 'id' = current_setting('t.tom_punch')
             and user_id = current_setting('t.manager_user')::uuid
           order by id limit 1), 'the audit log keeps the times before and after the edit');

-- punches never overlap (the exclusion constraint): Una's punch moved onto Tom's hours is fine, two of Una's are not
reset role;
select tests.hr_add_punch(current_setting('t.una')::uuid, (now() at time zone 'America/Los_Angeles')::date - 2 + time '08:00',
                          (now() at time zone 'America/Los_Angeles')::date - 2 + time '16:00');
select throws_ok($$select tests.hr_add_punch(current_setting('t.una')::uuid, (now() at time zone 'America/Los_Angeles')::date - 2 + time '15:00',
                                             (now() at time zone 'America/Los_Angeles')::date - 2 + time '18:00')$$,
                 '23P01', null, 'two overlapping punches of one employee are refused by the exclusion constraint punches_no_overlap (23P01)');
select tests.act_as('clock.una@harbor.test');
select hr_api.clock_out();
select tests.act_as('manager.frontdesk@hr.demo');
select throws_ok($$select hr_api.edit_punch(current_setting('t.una_punch')::uuid,
                                           tests.hr_at('Harbor View', (now() at time zone 'America/Los_Angeles')::date - 2 + time '12:00'),
                                           tests.hr_at('Harbor View', (now() at time zone 'America/Los_Angeles')::date - 2 + time '20:00'), 'moved')$$,
                 'P0001', null, 'an edit that would overlap another punch of the employee is refused (P0001)');

-- never one's own punches: the manager clocks in and out, then may not edit it; an admin may
select tests.act_as('manager.frontdesk@hr.demo');
select set_config('t.own', hr_api.clock_in()::text, true);
select hr_api.clock_out();
select throws_ok($$select hr_api.edit_punch(current_setting('t.own')::uuid, now() - interval '1 hour', now(), 'my own')$$,
                 '42501', null, 'a manager cannot edit their own punches (42501)');
select tests.act_as('admin@hr.demo');
select lives_ok($$select hr_api.edit_punch(current_setting('t.own')::uuid, now() - interval '1 hour', now(), 'manager forgot to clock in')$$,
                'an admin edits the manager''s punch');
select set_config('t.admin_own', hr_api.clock_in()::text, true);
select hr_api.clock_out();
select throws_ok($$select hr_api.edit_punch(current_setting('t.admin_own')::uuid, now() - interval '1 hour', now(), 'my own')$$,
                 '42501', null, 'an admin cannot edit their own punches either (42501)');

-- a punch inside the finalized payroll period of the seed is immutable
select tests.act_as('manager.frontdesk@hr.demo');
select set_config('t.paid', (select punches.id::text from hr_api.punches as punches
                             join hr_api.employees as employees on employees.id = punches.employee_id
                             where employees.email = 'emp1@hr.demo'
                               and punches.clock_in_at < tests.hr_at('Harbor View', tests.hr_week('Harbor View', 3) + time '00:00')
                               and punches.clock_in_at >= tests.hr_at('Harbor View', tests.hr_week('Harbor View', 4) + time '00:00')
                             order by punches.clock_in_at limit 1), true);
select isnt(current_setting('t.paid'), '', 'emp1 has a punch in the period the seed''s payroll finalized');
select throws_ok($$select hr_api.edit_punch(current_setting('t.paid')::uuid,
                                           (select clock_in_at - interval '1 hour' from hr_api.punches where id = current_setting('t.paid')::uuid),
                                           (select clock_out_at from hr_api.punches where id = current_setting('t.paid')::uuid), 'late fix')$$,
                 'PT409', null, 'a punch in a finalized payroll period cannot be edited (PT409)');
-- nor one in a draft run's period: the draft would be finalized on stale
-- hours (a period of long ago, written directly, so that no other suite's
-- payroll run of this hotel meets it)
reset role;
select set_config('t.old_week', tests.hr_week('Harbor View', 120)::text, true);
select set_config('t.draft_punch', tests.hr_add_punch(current_setting('t.una')::uuid, current_setting('t.old_week')::date + 1 + time '09:00',
                                                       current_setting('t.old_week')::date + 1 + time '17:00')::text, true);
with draft as (
    insert into hr.payroll_runs (tenant_id, hotel_id, period_start, period_end, currency)
    select hotels.tenant_id, hotels.id, current_setting('t.old_week')::date, current_setting('t.old_week')::date + 6, hotels.currency
    from hr.hotels as hotels where hotels.name = 'Harbor View'
    returning id)
select set_config('t.draft', (select id::text from draft), true);
select tests.act_as('manager.frontdesk@hr.demo');
select throws_ok($$select hr_api.edit_punch(current_setting('t.draft_punch')::uuid,
                                           tests.hr_at('Harbor View', current_setting('t.old_week')::date + 1 + time '08:00'),
                                           tests.hr_at('Harbor View', current_setting('t.old_week')::date + 1 + time '17:00'), 'late fix')$$,
                 'PT409', null, 'a punch in the period of a draft payroll run cannot be edited (PT409)');
select is((select clock_in_at from hr_api.punches where id = current_setting('t.draft_punch')::uuid),
          tests.hr_at('Harbor View', current_setting('t.old_week')::date + 1 + time '09:00'), 'and is left as it was');
select tests.act_as('payroll@hr.demo');
select lives_ok($$select hr_api.discard_payroll(current_setting('t.draft')::uuid)$$, 'payroll discards the draft');
select tests.act_as('manager.frontdesk@hr.demo');
select lives_ok($$select hr_api.edit_punch(current_setting('t.draft_punch')::uuid,
                                          tests.hr_at('Harbor View', current_setting('t.old_week')::date + 1 + time '08:00'),
                                          tests.hr_at('Harbor View', current_setting('t.old_week')::date + 1 + time '17:00'), 'late fix')$$,
                'then the manager corrects the punch');

-- a former employee cannot clock in
reset role;
update hr.employees set terminated_on = current_date - 3 where id = current_setting('t.una')::uuid;
select tests.act_as('clock.una@harbor.test');
select throws_ok($$select hr_api.clock_in()$$, '42501', null, 'an employee whose employment ended cannot clock in (42501)');

select * from finish();
rollback;
