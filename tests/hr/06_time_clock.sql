-- Time clock: employees clock in and out for themselves; a punch without a
-- scheduled shift is accepted and flagged; edits need the department's
-- manager (or an admin), keep the original times, are audited, never of
-- one's own punches, never inside a finalized payroll period.
begin;
select plan(67);

-- Tom has a front desk shift starting in 30 minutes; Una has none today
select set_config('t.tom', tests.hr_add_employee('Harbor View', 'Front Desk', 'clock.tom@harbor.test', 'Tom Timely', date '1990-06-06', 20.00)::text, true);
select set_config('t.una', tests.hr_add_employee('Harbor View', 'Front Desk', 'clock.una@harbor.test', 'Una Unplanned', date '1991-07-07', 20.00)::text, true);
-- (published: clock_in links a punch to a published shift only; 20_drafts.sql tests a draft)
insert into hr.shifts (tenant_id, hotel_id, department_id, position_id, employee_id, starts_at, ends_at, published_at)
select positions.tenant_id, departments.hotel_id, departments.id, positions.id, current_setting('t.tom')::uuid,
       now() + interval '30 minutes', now() + interval '8 hours 30 minutes', now() - interval '2 days'
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
select throws_ok($$select hr_api.edit_punch(current_setting('t.tom_punch')::uuid, now() - interval '1 hour', now(), E'\t')$$,
                 '22023', 'an edit needs a reason', 'a reason of a tab alone is no reason (22023)');
select throws_ok($$select hr_api.edit_punch(current_setting('t.tom_punch')::uuid, now() - interval '1 hour', now(), E'\n\r\n')$$,
                 '22023', 'an edit needs a reason', 'nor one of line breaks (22023)');
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
-- an edit at its limits: exactly 24 hours ending at this very instant is
-- accepted, a punch of no length is not
select tests.act_as('manager.frontdesk@hr.demo');
select lives_ok($$select hr_api.edit_punch(current_setting('t.tom_punch')::uuid, now() - interval '24 hours', now(), 'a whole day')$$,
                'a corrected punch of exactly 24 hours ending at this very instant is accepted');
select throws_ok($$select hr_api.edit_punch(current_setting('t.tom_punch')::uuid, now() - interval '1 hour', now() - interval '1 hour', 'no length')$$,
                 '22023', null, 'a corrected punch ending when it starts is 22023');

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

-- a correction stays inside the employment, as clock_in does: an hour on a
-- local day before the hire date has no rate (it would block the hotel's
-- payroll), one after the termination date pays a former employee (a week
-- of long ago, so that no payroll run of the seed meets it)
reset role;
select set_config('t.span_week', tests.hr_week('Harbor View', 110)::text, true);
select set_config('t.span', tests.hr_add_employee('Harbor View', 'Front Desk', 'clock.span@harbor.test', 'Sam Span', date '1990-04-04', 20.00)::text, true);
update hr.employees set hired_on = current_setting('t.span_week')::date + 1, terminated_on = current_setting('t.span_week')::date + 3
where id = current_setting('t.span')::uuid;
select set_config('t.span_punch', tests.hr_add_punch(current_setting('t.span')::uuid, current_setting('t.span_week')::date + 2 + time '09:00',
                                                      current_setting('t.span_week')::date + 2 + time '17:00')::text, true);
select tests.act_as('manager.frontdesk@hr.demo');
select throws_ok($$select hr_api.edit_punch(current_setting('t.span_punch')::uuid,
                                           tests.hr_at('Harbor View', current_setting('t.span_week')::date + time '22:00'),
                                           tests.hr_at('Harbor View', current_setting('t.span_week')::date + 1 + time '06:00'), 'night before')$$,
                 'P0001', 'Sam Span is not employed on every day of the corrected punch',
                 'a punch corrected to start on the local day before the hire date is refused (P0001)');
select lives_ok($$select hr_api.edit_punch(current_setting('t.span_punch')::uuid,
                                          tests.hr_at('Harbor View', current_setting('t.span_week')::date + 1 + time '00:00'),
                                          tests.hr_at('Harbor View', current_setting('t.span_week')::date + 1 + time '08:00'), 'first night')$$,
                'one starting at the local midnight that begins the hire date is accepted');
select lives_ok($$select hr_api.edit_punch(current_setting('t.span_punch')::uuid,
                                          tests.hr_at('Harbor View', current_setting('t.span_week')::date + 3 + time '16:00'),
                                          tests.hr_at('Harbor View', current_setting('t.span_week')::date + 4 + time '00:00'), 'last evening')$$,
                'one ending at the local midnight that ends the termination date is accepted');
select throws_ok($$select hr_api.edit_punch(current_setting('t.span_punch')::uuid,
                                           tests.hr_at('Harbor View', current_setting('t.span_week')::date + 3 + time '20:00'),
                                           tests.hr_at('Harbor View', current_setting('t.span_week')::date + 4 + time '00:30'), 'past the end')$$,
                 'P0001', 'Sam Span is not employed on every day of the corrected punch',
                 'one reaching into the local day after the termination date is refused (P0001)');
select is((select clock_out_at from hr_api.punches where id = current_setting('t.span_punch')::uuid),
          tests.hr_at('Harbor View', current_setting('t.span_week')::date + 4 + time '00:00'), 'and the refused correction changed nothing');

-- a former employee cannot clock in
reset role;
update hr.employees set terminated_on = current_date - 3 where id = current_setting('t.una')::uuid;
select tests.act_as('clock.una@harbor.test');
select throws_ok($$select hr_api.clock_in()$$, '42501', null, 'an employee whose employment ended cannot clock in (42501)');

-- clocking in at the limits: on the first and last day of employment (both
-- today); a shift starting exactly an hour from now takes the punch, one
-- that ended at this very instant does not
reset role;
select set_config('t.day_one', tests.hr_add_employee('Harbor View', 'Front Desk', 'clock.dayone@harbor.test', 'Dee One', date '1990-01-01', 20.00)::text, true);
update hr.employees set hired_on = (now() at time zone 'America/Los_Angeles')::date, terminated_on = (now() at time zone 'America/Los_Angeles')::date
where id = current_setting('t.day_one')::uuid;
select set_config('t.early', tests.hr_add_employee('Harbor View', 'Front Desk', 'clock.early@harbor.test', 'Ed Early', date '1990-02-02', 20.00)::text, true);
select set_config('t.late', tests.hr_add_employee('Harbor View', 'Front Desk', 'clock.late@harbor.test', 'Liz Late', date '1990-03-03', 20.00)::text, true);
insert into hr.shifts (tenant_id, hotel_id, department_id, position_id, employee_id, starts_at, ends_at, published_at)
select positions.tenant_id, departments.hotel_id, departments.id, positions.id, who.id, who.starts_at, who.starts_at + interval '8 hours',
       now() - interval '2 days'
from hr.positions as positions join hr.departments as departments on departments.id = positions.department_id,
     (values (current_setting('t.early')::uuid, now() + interval '1 hour'), (current_setting('t.late')::uuid, now() - interval '8 hours')) as who (id, starts_at)
where positions.id = tests.hr_position_id('Harbor View', 'Receptionist');
select tests.act_as('clock.dayone@harbor.test');
select lives_ok($$select hr_api.clock_in()$$, 'an employee hired and leaving today may clock in today');
select tests.act_as('clock.early@harbor.test');
select set_config('t.early_punch', hr_api.clock_in()::text, true);
select results_eq($$select shift_id is not null, is_unscheduled from hr_api.punches where id = current_setting('t.early_punch')::uuid$$,
                  $$values (true, false)$$, 'clocking in exactly an hour before a shift links the punch to it');
select tests.act_as('clock.late@harbor.test');
select set_config('t.late_punch', hr_api.clock_in()::text, true);
select results_eq($$select shift_id is null, is_unscheduled from hr_api.punches where id = current_setting('t.late_punch')::uuid$$,
                  $$values (true, true)$$, 'clocking in at the very instant a shift ends is unscheduled');

-- no punch lasts over 24 hours, as no edit allows one: clocking out a day
-- or more after clocking in is refused, the punch stays open and the
-- department's manager closes it with the hours worked (exactly 24 hours is
-- the limit, as for edit_punch)
reset role;
select set_config('t.long', tests.hr_add_employee('Harbor View', 'Front Desk', 'clock.long@harbor.test', 'Lon Gone', date '1990-08-08', 20.00)::text, true);
select set_config('t.day', tests.hr_add_employee('Harbor View', 'Front Desk', 'clock.day@harbor.test', 'Dana Day', date '1990-09-09', 20.00)::text, true);
insert into hr.punches (tenant_id, employee_id, clock_in_at)
select tenant_id, id, now() - case id when current_setting('t.long')::uuid then interval '24 hours 1 second' else interval '24 hours' end
from hr.employees where id in (current_setting('t.long')::uuid, current_setting('t.day')::uuid);
select tests.act_as('clock.long@harbor.test');
select throws_ok($$select hr_api.clock_out()$$, 'P0001', format('clocked in since %s, more than 24 hours ago', now() - interval '24 hours 1 second'),
                 'clocking out of a punch opened 24 hours and a second ago is refused (P0001)');
select is((select clock_out_at from hr_api.punches where employee_id = current_setting('t.long')::uuid), null,
          'and the punch stays open');
select tests.act_as('manager.frontdesk@hr.demo');
select lives_ok($$select hr_api.edit_punch((select id from hr_api.punches where employee_id = current_setting('t.long')::uuid),
                                          now() - interval '24 hours 1 second', now() - interval '16 hours', 'forgot to clock out')$$,
                'the manager closes it with the hours worked');
select tests.act_as('clock.day@harbor.test');
select lives_ok($$select hr_api.clock_out()$$, 'clocking out of a punch opened exactly 24 hours ago is accepted');

-- no clock-out after the employment ended: a punch opened in the last
-- millisecond of the termination date (yesterday, local) and clocked out now
-- (within 24 hours) is refused, as clock_in and edit_punch refuse those
-- hours; with the termination date today the same clock-out is accepted
reset role;
select set_config('t.gone', tests.hr_add_employee('Harbor View', 'Front Desk', 'clock.gone@harbor.test', 'Gus Gone', date '1990-10-10', 20.00)::text, true);
select set_config('t.last', tests.hr_add_employee('Harbor View', 'Front Desk', 'clock.last@harbor.test', 'Lou Last', date '1990-11-11', 20.00)::text, true);
update hr.employees
set terminated_on = (now() at time zone 'America/Los_Angeles')::date - case id when current_setting('t.gone')::uuid then 1 else 0 end
where id in (current_setting('t.gone')::uuid, current_setting('t.last')::uuid);
insert into hr.punches (tenant_id, employee_id, clock_in_at)
select tenant_id, id, tests.hr_at('Harbor View', (now() at time zone 'America/Los_Angeles')::date - interval '1 millisecond')
from hr.employees where id in (current_setting('t.gone')::uuid, current_setting('t.last')::uuid);
select tests.act_as('clock.gone@harbor.test');
select throws_ok($$select hr_api.clock_out()$$, 'P0001',
                 format('Gus Gone left on %s: a clock-out after that day is refused', (now() at time zone 'America/Los_Angeles')::date - 1),
                 'clocking out on the local day after the termination date is refused (P0001)');
select is((select clock_out_at from hr_api.punches where employee_id = current_setting('t.gone')::uuid), null,
          'and the punch stays open for the manager to close');
select tests.act_as('manager.frontdesk@hr.demo');
select lives_ok($$select hr_api.edit_punch((select id from hr_api.punches where employee_id = current_setting('t.gone')::uuid),
                                          (select clock_in_at from hr_api.punches where employee_id = current_setting('t.gone')::uuid),
                                          tests.hr_at('Harbor View', (now() at time zone 'America/Los_Angeles')::date::timestamp),
                                          'left at midnight')$$,
                'the manager closes it at the local midnight that ends the employment');
select tests.act_as('clock.last@harbor.test');
select lives_ok($$select hr_api.clock_out()$$, 'clocking out on the termination date itself is accepted');

-- payroll staff clock in and out like everyone with an employee record
select tests.act_as('payroll@hr.demo');
select lives_ok($$select hr_api.clock_in()$$, 'payroll clocks in');
select lives_ok($$select hr_api.clock_out()$$, 'and out');

-- an open punch corrected to start at this very instant is not in the future
select tests.act_as('clock.dayone@harbor.test');
select set_config('t.dayone_punch', (select id::text from hr_api.punches where clock_out_at is null), true);
select tests.act_as('manager.frontdesk@hr.demo');
select lives_ok($$select hr_api.edit_punch(current_setting('t.dayone_punch')::uuid, now(), null, 'clocked in at the desk, badge reader late')$$,
                'an open punch moved to start at this very instant is accepted');


-- a punch edit and a payroll run of the hotel wait for each other:
-- run_payroll holds the hotel's row for no key update, edit_punch holds it
-- for share until it commits. Without that, a run computed while an edit was
-- uncommitted read the old times and kept them once both had committed: the
-- stale draft run this function refuses to leave behind. pgrowlocks shows
-- the row locks of this transaction, on Lakeside Inn, whose row nothing in
-- this suite touched but the hire of Lou below (a foreign key's lock for key
-- share, which a run does not wait for).
reset role;
select set_config('t.lou', tests.hr_add_employee('Lakeside Inn', 'Front Desk', 'clock.lou@lakeside.test', 'Lou Lock', date '1990-05-05', 20.00)::text, true);
select set_config('t.lou_punch', tests.hr_add_punch(current_setting('t.lou')::uuid, tests.hr_week('Harbor View', 50) + 1 + time '09:00',
                                                     tests.hr_week('Harbor View', 50) + 1 + time '17:00')::text, true);
select is(tests.hr_run_waits_for_me('Lakeside Inn'), false, 'after the hire this transaction holds no lock on Lakeside Inn''s row that a run waits for');
select tests.act_as('admin@other-hr.demo');
select lives_ok($$select hr_api.edit_punch(current_setting('t.lou_punch')::uuid,
                                          (select clock_in_at - interval '1 hour' from hr_api.punches where id = current_setting('t.lou_punch')::uuid),
                                          (select clock_out_at from hr_api.punches where id = current_setting('t.lou_punch')::uuid), 'came early')$$,
                'the other group''s admin corrects Lou''s punch');
reset role;
select is(tests.hr_run_waits_for_me('Lakeside Inn'), true,
          'until the edit commits, Lakeside Inn''s row is held for share: a payroll run of the hotel waits for it (and it for a run)');
select * from finish();
rollback;
