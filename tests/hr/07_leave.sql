-- Leave: accrued balances, requests by employees for themselves, decisions by
-- the manager of the requester's department (never their own) or an admin,
-- the leave-decided e-mail.
begin;
select plan(59);

select set_config('t.lea', tests.hr_add_employee('Harbor View', 'Front Desk', 'leave.lea@harbor.test', 'Lea Leave', date '1990-08-08', 20.00)::text, true);
insert into hr.leave_ledger (tenant_id, employee_id, kind, hours, reason)
select tenant_id, id, 'vacation', 40, 'opening_balance' from hr.employees where id = current_setting('t.lea')::uuid
union all
select tenant_id, id, 'sick', 8, 'accrual' from hr.employees where id = current_setting('t.lea')::uuid;
-- the next Monday to Wednesday at least two weeks ahead
select set_config('t.monday', (hr_private.week_start(current_date + 14, 1::smallint) + 7)::text, true);

-- requesting
select tests.act_as('leave.lea@harbor.test');
select results_eq($$select kind, balance_hours from hr_api.leave_balances order by kind$$,
                  $$values ('sick'::text, 8.00::numeric), ('vacation'::text, 40.00::numeric)$$,
                  'Lea sees her own balances: 8 h sick, 40 h of vacation');
select throws_ok($$select hr_api.request_leave(current_setting('t.monday')::date, current_setting('t.monday')::date, 'holiday')$$,
                 '22023', null, 'an unknown kind is 22023');
select throws_ok($$select hr_api.request_leave(current_setting('t.monday')::date + 2, current_setting('t.monday')::date, 'vacation')$$,
                 '22023', null, 'a reversed range is 22023');
select throws_ok($$select hr_api.request_leave(current_setting('t.monday')::date - 2, current_setting('t.monday')::date - 1, 'vacation')$$,
                 '22023', null, 'a weekend only holds no working day (22023)');
select throws_ok($$select hr_api.request_leave(null, current_setting('t.monday')::date, 'vacation')$$,
                 '22023', null, 'a missing first day is 22023');
select throws_ok($$select hr_api.request_leave(current_setting('t.monday')::date + 400, current_setting('t.monday')::date + 401, 'vacation')$$,
                 '22023', null, 'leave starting more than a year ahead is 22023');
select throws_ok($$select hr_api.request_leave(current_setting('t.monday')::date, 'infinity', 'vacation')$$,
                 '22023', null, 'an infinite last day is 22023');
select throws_ok($$select hr_api.request_leave(current_setting('t.monday')::date, current_setting('t.monday')::date + 120, 'vacation')$$,
                 '22023', null, 'leave over 91 days is 22023');
select throws_ok($$select hr_api.request_leave(current_date - 45, current_date - 45, 'sick')$$,
                 'P0001', null, 'sick leave reported more than 30 days back is refused (P0001)');
select throws_ok($$select hr_api.request_leave(current_date - 7, current_date - 6, 'vacation')$$,
                 'P0001', null, 'vacation in the past is refused (P0001)');
select throws_ok($$select hr_api.request_leave(current_setting('t.monday')::date, current_setting('t.monday')::date + 7, 'vacation')$$,
                 'P0001', null, '6 weekdays (48 h) exceed the 40 h balance (P0001)');
select set_config('t.req', hr_api.request_leave(current_setting('t.monday')::date, current_setting('t.monday')::date + 2, 'vacation')::text, true);
select results_eq($$select status, hours from hr_api.leave_requests where id = current_setting('t.req')::uuid$$,
                  $$values ('pending'::text, 24.00::numeric)$$, 'Monday to Wednesday is 24 h, pending');
select throws_ok($$select hr_api.request_leave(current_setting('t.monday')::date + 2, current_setting('t.monday')::date + 3, 'vacation')$$,
                 'P0001', null, 'leave overlapping her own pending request is refused (P0001)');
select throws_ok($$select hr_api.request_leave(current_setting('t.monday')::date + 7, current_setting('t.monday')::date + 9, 'vacation')$$,
                 'P0001', null, 'a second request of 24 h beyond the balance less the pending 24 h is refused (P0001)');
select is((select count(*) from hr_api.leave_requests), 1::bigint, 'the refused requests left nothing behind; Lea sees only her own');
select throws_ok($$select hr_api.decide_leave(current_setting('t.req')::uuid, true)$$, '42501', null, 'an employee may not decide leave (42501)');

select tests.act_as('payroll@hr.demo');
select throws_ok($$select hr_api.decide_leave(current_setting('t.req')::uuid, true)$$, '42501', null, 'payroll may not decide leave (42501)');
select ok(exists (select from hr_api.leave_requests where id = current_setting('t.req')::uuid), 'payroll sees the request');
select results_eq($$select kind, balance_hours from hr_api.leave_balances where employee_id = current_setting('t.lea')::uuid order by kind$$,
                  $$values ('sick'::text, 8.00::numeric), ('vacation'::text, 40.00::numeric)$$,
                  'and Lea''s balances');
select lives_ok($$select hr_api.request_leave(current_setting('t.monday')::date + 14, current_setting('t.monday')::date + 14, 'vacation')$$,
                'payroll requests leave for themselves');
select tests.act_as('manager.kitchen@hr.demo');
select throws_ok($$select hr_api.decide_leave(current_setting('t.req')::uuid, true)$$, 'PT404', null,
                 'the manager of another department cannot see the request (PT404)');
select is((select count(*) from hr_api.leave_requests where id = current_setting('t.req')::uuid), 0::bigint, 'nor list it');
select tests.act_as('admin@other-hr.demo');
select is((select count(*) from hr_api.leave_requests where id = current_setting('t.req')::uuid), 0::bigint, 'the other group does not see it');
select ok((select count(*) from hr_api.leave_balances) > 0, 'while it sees its own balances');

-- the department's manager decides
select tests.act_as('manager.frontdesk@hr.demo');
select throws_ok($$select hr_api.decide_leave(current_setting('t.req')::uuid, null)$$, '22023', null, 'a null decision is 22023');
select lives_ok($$select hr_api.decide_leave(current_setting('t.req')::uuid, true)$$, 'the front desk manager approves');
select throws_ok($$select hr_api.decide_leave(current_setting('t.req')::uuid, false)$$, 'PT409', null, 'a decided request cannot be decided again (PT409)');
select results_eq($$select balance_hours, taken_hours from hr_api.leave_balances where employee_id = current_setting('t.lea')::uuid and kind = 'vacation'$$,
                  $$values (16.00::numeric, 24.00::numeric)$$, 'the approved 24 h come off the balance');
reset role;
select is((select payload - 'tenant_name' from core.jobs where kind = 'mailer.leave_decided' and payload ->> 'leave_id' = current_setting('t.req')),
          jsonb_build_object('app', 'hr', 'template', 'leave_decided', 'to', 'leave.lea@harbor.test', 'to_name', 'Lea Leave',
                             'leave_id', current_setting('t.req')::uuid, 'employee_name', 'Lea Leave',
                             'starts_on', current_setting('t.monday')::date, 'ends_on', current_setting('t.monday')::date + 2,
                             'kind', 'vacation', 'approved', true),
          'the decision queues mailer.leave_decided to the employee with what the e-mail shows');
select throws_ok($$update hr.leave_ledger set hours = 100 where employee_id = current_setting('t.lea')::uuid$$,
                 '42501', null, 'the leave ledger is append-only, even for the owner (42501)');

-- a rejection books nothing
select tests.act_as('leave.lea@harbor.test');
-- sick leave may be reported after the fact: the last weekday before today
select set_config('t.req2', hr_api.request_leave(d, d, 'sick')::text, true)
from (select max(x)::date as d from generate_series(current_date - 7, current_date - 1, interval '1 day') as x where extract(isodow from x) < 6) as last_weekday;
select tests.act_as('admin@hr.demo');
select lives_ok($$select hr_api.decide_leave(current_setting('t.req2')::uuid, false)$$, 'an admin rejects it');
select results_eq($$select status from hr_api.leave_requests where id = current_setting('t.req2')::uuid$$, $$values ('rejected'::text)$$,
                  'the request is rejected');
reset role;
select is((select (payload ->> 'approved')::boolean from core.jobs where kind = 'mailer.leave_decided' and payload ->> 'leave_id' = current_setting('t.req2')),
          false, 'the rejection e-mail says approved: false');

-- never one's own request
select tests.act_as('manager.frontdesk@hr.demo');
select set_config('t.own', hr_api.request_leave(current_setting('t.monday')::date + 14, current_setting('t.monday')::date + 14, 'vacation')::text, true);
select throws_ok($$select hr_api.decide_leave(current_setting('t.own')::uuid, true)$$, '42501', null, 'a manager cannot approve their own leave (42501)');
select tests.act_as('admin@hr.demo');
select lives_ok($$select hr_api.decide_leave(current_setting('t.own')::uuid, true)$$, 'an admin approves the manager''s leave');
select set_config('t.admin_own', hr_api.request_leave(current_setting('t.monday')::date + 14, current_setting('t.monday')::date + 14, 'vacation')::text, true);
select throws_ok($$select hr_api.decide_leave(current_setting('t.admin_own')::uuid, true)$$, '42501', null, 'an admin cannot approve their own leave either (42501)');

-- the limits themselves, for an employee with a large balance: vacation from
-- today (the hotel's day), sick leave exactly 30 days back, 91 days long, and
-- starting exactly 366 days ahead are accepted
reset role;
select set_config('t.max', tests.hr_add_employee('Harbor View', 'Front Desk', 'leave.max@harbor.test', 'Max Long', date '1980-08-08', 20.00)::text, true);
insert into hr.leave_ledger (tenant_id, employee_id, kind, hours, reason)
select tenant_id, id, kind, 2000, 'opening_balance' from hr.employees, unnest(array['vacation', 'sick']) as kind where id = current_setting('t.max')::uuid;
select set_config('t.hv_today', (now() at time zone 'America/Los_Angeles')::date::text, true);
select tests.act_as('leave.max@harbor.test');
select lives_ok($$select hr_api.request_leave(current_setting('t.hv_today')::date, current_setting('t.hv_today')::date + 6, 'vacation')$$,
                'vacation starting today, the hotel''s day, is accepted');
select lives_ok($$select hr_api.request_leave(current_setting('t.hv_today')::date - 30, current_setting('t.hv_today')::date - 24, 'sick')$$,
                'sick leave reported exactly 30 days back is accepted');
select lives_ok($$select hr_api.request_leave(current_setting('t.hv_today')::date + 100, current_setting('t.hv_today')::date + 190, 'vacation')$$,
                'leave of exactly 91 days is accepted');
select lives_ok($$select hr_api.request_leave(current_setting('t.hv_today')::date + 366, current_setting('t.hv_today')::date + 372, 'vacation')$$,
                'leave starting exactly 366 days ahead is accepted');

-- a demo employee reads their own balances (the seed's opening leave)
select tests.act_as('emp1@hr.demo');
select ok((select count(*) from hr_api.leave_balances) > 0
          and (select count(*) from hr_api.leave_balances where employee_id <> (hr_api.me() -> 'employee' ->> 'id')::uuid) = 0,
          'a demo employee sees their own leave balances and nobody else''s');

-- leave of exactly the balance is approved
reset role;
select set_config('t.exact', tests.hr_add_employee('Harbor View', 'Front Desk', 'leave.exact@harbor.test', 'Eve Exact', date '1985-05-05', 20.00)::text, true);
insert into hr.leave_ledger (tenant_id, employee_id, kind, hours, reason)
select tenant_id, id, 'vacation', 16, 'opening_balance' from hr.employees where id = current_setting('t.exact')::uuid;
select tests.act_as('leave.exact@harbor.test');
select set_config('t.exact_req', hr_api.request_leave(current_setting('t.monday')::date + 21, current_setting('t.monday')::date + 22, 'vacation')::text, true);
select tests.act_as('manager.frontdesk@hr.demo');
select lives_ok($$select hr_api.decide_leave(current_setting('t.exact_req')::uuid, true)$$, 'two days (16 h) against a balance of exactly 16 h are approved');

-- leave and the schedule: no shift yet to start on a day of approved leave
-- (Lea is away from Monday to Wednesday), and no approval while the
-- employee has shifts yet to start on the leave's days
reset role;
select set_config('t.receptionist', tests.hr_position_id('Harbor View', 'Receptionist')::text, true);
create function pg_temp.lea_shift(day date) returns uuid language sql volatile
return hr_api.schedule_shift(current_setting('t.lea')::uuid, current_setting('t.receptionist')::uuid,
                             tests.hr_at('Harbor View', day + time '09:00'), tests.hr_at('Harbor View', day + time '17:00'));
grant execute on function pg_temp.lea_shift(date) to public;
select tests.act_as('manager.frontdesk@hr.demo');
select throws_ok($$select pg_temp.lea_shift(current_setting('t.monday')::date)$$,
                 'P0001', null, 'no shift on the first day of approved leave (P0001)');
select throws_ok($$select pg_temp.lea_shift(current_setting('t.monday')::date + 2)$$,
                 'P0001', null, 'nor on its last day (P0001)');
select lives_ok($$select pg_temp.lea_shift(current_setting('t.monday')::date - 1)$$, 'the day before the leave is scheduled');
select set_config('t.thursday_shift', pg_temp.lea_shift(current_setting('t.monday')::date + 3)::text, true);
select is((select count(*) from hr_api.shifts where employee_id = current_setting('t.lea')::uuid), 2::bigint,
          'and the day after it: two shifts, none on the leave');
select tests.act_as('leave.lea@harbor.test');
select set_config('t.thursday', hr_api.request_leave(current_setting('t.monday')::date + 3, current_setting('t.monday')::date + 3, 'vacation')::text, true);
select tests.act_as('manager.frontdesk@hr.demo');
select throws_ok($$select hr_api.decide_leave(current_setting('t.thursday')::uuid, true)$$,
                 'P0001', null, 'leave over a shift yet to start is not approved (P0001)');
select hr_api.cancel_shift(current_setting('t.thursday_shift')::uuid);
select lives_ok($$select hr_api.decide_leave(current_setting('t.thursday')::uuid, true)$$, 'once the shift is cancelled, it is');

-- a shift already started stays: Lea went home sick from a shift that began
-- at this very moment, and her sick leave from the last weekday up to today
-- (the hotel's day) is approved over it
reset role;
insert into hr.shifts (tenant_id, hotel_id, department_id, position_id, employee_id, starts_at, ends_at)
select employees.tenant_id, employees.hotel_id, positions.department_id, positions.id, employees.id, now(), now() + interval '4 hours'
from hr.employees as employees, hr.positions as positions
where employees.id = current_setting('t.lea')::uuid and positions.id = current_setting('t.receptionist')::uuid
returning set_config('t.now_shift', id::text, true);
select tests.act_as('leave.lea@harbor.test');
select set_config('t.sick_now', hr_api.request_leave(d, current_setting('t.hv_today')::date, 'sick')::text, true)
from (select max(x)::date as d from generate_series(current_setting('t.hv_today')::date - 6, current_setting('t.hv_today')::date, interval '1 day') as x
      where extract(isodow from x) < 6) as last_weekday;
select tests.act_as('manager.frontdesk@hr.demo');
select lives_ok($$select hr_api.decide_leave(current_setting('t.sick_now')::uuid, true)$$,
                'sick leave over a shift that started this moment is approved');
reset role;
select lives_ok($$select hr_private.check_shift(current_setting('t.now_shift')::uuid)$$,
                'and the started shift still passes the scheduling checks');

-- leave is taken from an employment: Leo asked for two days, then his
-- start date was recorded as Wednesday and his last day as Friday (of the
-- week of t.monday). Leave outside that is refused when asked for (P0001)
-- and, for what he asked before, when approved (it can still be rejected);
-- the first and the last day themselves are leave like any other
reset role;
select set_config('t.leo', tests.hr_add_employee('Harbor View', 'Front Desk', 'leave.leo@harbor.test', 'Leo Leaving', date '1991-09-09', 20.00)::text, true);
insert into hr.leave_ledger (tenant_id, employee_id, kind, hours, reason)
select tenant_id, id, 'vacation', 40, 'opening_balance' from hr.employees where id = current_setting('t.leo')::uuid;
select tests.act_as('leave.leo@harbor.test');
select set_config('t.leo_early', hr_api.request_leave(current_setting('t.monday')::date + 1, current_setting('t.monday')::date + 1, 'vacation')::text, true);
select set_config('t.leo_late', hr_api.request_leave(current_setting('t.monday')::date + 7, current_setting('t.monday')::date + 7, 'vacation')::text, true);
reset role;
update hr.employees set hired_on = current_setting('t.monday')::date + 2, terminated_on = current_setting('t.monday')::date + 4
where id = current_setting('t.leo')::uuid;
select tests.act_as('leave.leo@harbor.test');
select throws_ok($$select hr_api.request_leave(current_setting('t.monday')::date, current_setting('t.monday')::date, 'vacation')$$,
                 'P0001', format('Leo Leaving is not employed on every day from %s to %s', current_setting('t.monday')::date, current_setting('t.monday')::date),
                 'leave before the start date is refused (P0001)');
select throws_ok($$select hr_api.request_leave(current_setting('t.monday')::date + 3, current_setting('t.monday')::date + 5, 'vacation')$$,
                 'P0001', null, 'leave reaching past the termination date is refused (P0001)');
select set_config('t.leo_first', hr_api.request_leave(current_setting('t.monday')::date + 2, current_setting('t.monday')::date + 2, 'vacation')::text, true);
select set_config('t.leo_last', hr_api.request_leave(current_setting('t.monday')::date + 3, current_setting('t.monday')::date + 4, 'vacation')::text, true);
select is((select count(*) from hr_api.leave_requests where id in (current_setting('t.leo_first')::uuid, current_setting('t.leo_last')::uuid)), 2::bigint,
          'leave from the start date and up to the termination date is asked for');
select tests.act_as('manager.frontdesk@hr.demo');
select throws_ok($$select hr_api.decide_leave(current_setting('t.leo_early')::uuid, true)$$,
                 'P0001', null, 'leave asked for before the start date was recorded is not approved before it (P0001)');
select throws_ok($$select hr_api.decide_leave(current_setting('t.leo_late')::uuid, true)$$,
                 'P0001', format('Leo Leaving is not employed on every day from %s to %s', current_setting('t.monday')::date + 7, current_setting('t.monday')::date + 7),
                 'nor after the termination date recorded since (P0001)');
select results_eq($$select status from hr_api.leave_requests where id in (current_setting('t.leo_early')::uuid, current_setting('t.leo_late')::uuid)$$,
                  $$values ('pending'::text), ('pending'::text)$$, 'the refused approvals changed nothing');
select lives_ok($$select hr_api.decide_leave(current_setting('t.leo_late')::uuid, false)$$, 'such a request is rejected instead');
select lives_ok($$select hr_api.decide_leave(current_setting('t.leo_first')::uuid, true)$$, 'leave on the start date is approved');
select lives_ok($$select hr_api.decide_leave(current_setting('t.leo_last')::uuid, true)$$, 'and leave up to the termination date');

select * from finish();
rollback;
