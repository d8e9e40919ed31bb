-- Ending an employment: hr_api.terminate_employee by the department's manager
-- or an admin (never for oneself), every refusal by its SQLSTATE, the hours,
-- shifts and leave that must not outlast the last day, the reason kept, the
-- rights of a former manager ending at the local midnight after the last day,
-- the login deactivated (at once for a past last day, else by the
-- 5-minute sweep hr_private.deactivate_departed_logins). Every day here is a day of
-- Harbor View's zone (America/Los_Angeles), whatever the server's.
begin;
select plan(87);

select set_config('t.today', (now() at time zone 'America/Los_Angeles')::date::text, true);
create function pg_temp.today()
returns date
language sql
stable
as $$ select current_setting('t.today')::date $$;
-- a scheduled shift at local wall-clock times (written directly: the API
-- refuses shifts in the past, and its rules are not what this suite tests)
create function pg_temp.add_shift(employee_id uuid, local_start timestamp, local_end timestamp)
returns uuid
language sql
volatile
as $$
    insert into hr.shifts (tenant_id, hotel_id, department_id, position_id, employee_id, starts_at, ends_at)
    select employees.tenant_id, employees.hotel_id, employees.department_id, tests.hr_position_id('Harbor View', 'Receptionist'),
           employees.id, tests.hr_at('Harbor View', add_shift.local_start), tests.hr_at('Harbor View', add_shift.local_end)
    from hr.employees as employees
    where employees.id = add_shift.employee_id
    returning shifts.id
$$;
create function pg_temp.add_leave(employee_id uuid, starts_on date, ends_on date, status text)
returns uuid
language sql
volatile
as $$
    insert into hr.leave_requests (tenant_id, employee_id, kind, starts_on, ends_on, hours, status, decided_at)
    select employees.tenant_id, employees.id, 'vacation', add_leave.starts_on, add_leave.ends_on, 8, add_leave.status,
           case when add_leave.status <> 'pending' then now() end
    from hr.employees as employees
    where employees.id = add_leave.employee_id
    returning leave_requests.id
$$;
create function pg_temp.terminated(employee_id uuid)
returns date
language sql
stable
as $$ select employees.terminated_on from hr.employees as employees where employees.id = terminated.employee_id $$;
create function pg_temp.is_active(email text)
returns boolean
language sql
stable
as $$ select users.is_active from core.users as users where users.email = is_active.email $$;

create function pg_temp.has_detail_and_hint(call text)
returns boolean
language plpgsql
volatile
as $$
declare
    detail text;
    hint text;
begin
    execute has_detail_and_hint.call;
    return false;
exception
    when raise_exception then
        get stacked diagnostics detail = pg_exception_detail, hint = pg_exception_hint;
        return detail <> '' and hint <> '';
end
$$;
grant execute on function pg_temp.today(), pg_temp.terminated(uuid), pg_temp.is_active(text), pg_temp.has_detail_and_hint(text) to public;

select set_config('t.ann', tests.hr_add_employee('Harbor View', 'Front Desk', 'term.ann@harbor.test', 'Ann Adler', date '1990-01-01', 20.00)::text, true);
select set_config('t.bob', tests.hr_add_employee('Harbor View', 'Front Desk', 'term.bob@harbor.test', 'Bob Baker', date '1990-02-02', 20.00)::text, true);
select set_config('t.hana', tests.hr_add_employee('Harbor View', 'Front Desk', 'term.hana@harbor.test', 'Hana Hirsch', date '1990-03-03', 20.00)::text, true);
select set_config('t.paul', tests.hr_add_employee('Harbor View', 'Front Desk', 'term.paul@harbor.test', 'Paul Punch', date '1990-04-04', 20.00)::text, true);
select set_config('t.olga', tests.hr_add_employee('Harbor View', 'Front Desk', 'term.olga@harbor.test', 'Olga Open', date '1990-05-05', 20.00)::text, true);
select set_config('t.sam', tests.hr_add_employee('Harbor View', 'Front Desk', 'term.sam@harbor.test', 'Sam Shift', date '1990-06-06', 20.00)::text, true);
select set_config('t.tom', tests.hr_add_employee('Harbor View', 'Front Desk', 'term.tom@harbor.test', 'Tom Truant', date '1990-07-07', 20.00)::text, true);
select set_config('t.lia', tests.hr_add_employee('Harbor View', 'Front Desk', 'term.lia@harbor.test', 'Lia Leave', date '1990-08-08', 20.00)::text, true);
select set_config('t.far', tests.hr_add_employee('Harbor View', 'Front Desk', 'term.far@harbor.test', 'Fay Far', date '1990-10-10', 20.00)::text, true);
select set_config('t.mia', tests.hr_add_employee('Harbor View', 'Front Desk', 'term.mia@harbor.test', 'Mia Manager', date '1980-09-09', 30.00,
                                                 role => 'hr_manager')::text, true);
-- Bob may log in with the demo password (the hash of a demo user's)
update core.users set password_hash = (select password_hash from core.users where email = 'emp1@hr.demo') where email = 'term.bob@harbor.test';

-- who may call it
select tests.act_as('manager.kitchen@hr.demo');
select throws_ok($$select hr_api.terminate_employee(current_setting('t.ann')::uuid, pg_temp.today(), 'resigned')$$,
                 '42501', 'only the department''s manager or an admin may do this', 'the manager of another department may not end Ann''s employment (42501)');
select tests.act_as('emp1@hr.demo');
select throws_ok($$select hr_api.terminate_employee(current_setting('t.ann')::uuid, pg_temp.today(), 'resigned')$$,
                 '42501', 'permission denied for function terminate_employee', 'a colleague (employee) may not (42501)');
select tests.act_as('payroll@hr.demo');
select throws_ok($$select hr_api.terminate_employee(current_setting('t.ann')::uuid, pg_temp.today(), 'resigned')$$,
                 '42501', 'permission denied for function terminate_employee', 'payroll may not (42501)');
select tests.act_as_anon();
select throws_ok($$select hr_api.terminate_employee(current_setting('t.ann')::uuid, pg_temp.today(), 'resigned')$$,
                 '42501', 'permission denied for function terminate_employee', 'anonymous may not (42501)');
select tests.act_as('admin@other-hr.demo');
select throws_ok($$select hr_api.terminate_employee(current_setting('t.ann')::uuid, pg_temp.today(), 'resigned')$$,
                 'PT404', null, 'the other group''s admin does not find Ann (PT404)');
select tests.act_as('admin@hr.demo');
select throws_ok($$select hr_api.terminate_employee((select id from hr_api.employees where email = 'admin@hr.demo'), pg_temp.today(), 'leaving')$$,
                 '42501', 'nobody may end their own employment', 'an admin may not end their own employment (42501)');
select tests.act_as('manager.frontdesk@hr.demo');
select throws_ok($$select hr_api.terminate_employee((select id from hr_api.employees where email = 'manager.frontdesk@hr.demo'), pg_temp.today(), 'leaving')$$,
                 '42501', 'nobody may end their own employment', 'nor the manager their own (42501)');
select throws_ok($$select hr_api.terminate_employee(gen_random_uuid(), pg_temp.today(), 'resigned')$$,
                 'PT404', null, 'an unknown employee is PT404');
select throws_ok($$select hr_api.terminate_employee(null, pg_temp.today(), 'resigned')$$,
                 'PT404', null, 'a null employee is PT404');

-- malformed arguments
select throws_ok($$select hr_api.terminate_employee(current_setting('t.ann')::uuid, null, 'resigned')$$,
                 '22023', null, 'a null last day is 22023');
select throws_ok($$select hr_api.terminate_employee(current_setting('t.ann')::uuid, 'infinity', 'resigned')$$,
                 '22023', null, 'an infinite last day is 22023');
select throws_ok($$select hr_api.terminate_employee(current_setting('t.ann')::uuid, '-infinity', 'resigned')$$,
                 '22023', null, 'a last day of -infinity is 22023');
select throws_ok($$select hr_api.terminate_employee(current_setting('t.ann')::uuid, '20270-01-31', 'resigned')$$,
                 '22023', null, 'a last day in the year 20270 (a typo of 2027) is 22023');
select throws_ok($$select hr_api.terminate_employee(current_setting('t.ann')::uuid, pg_temp.today() + 367, 'resigned')$$,
                 '22023', null, 'a last day 367 days after the hotel''s today is 22023');
select throws_ok($$select hr_api.terminate_employee(current_setting('t.ann')::uuid, pg_temp.today(), null)$$,
                 '22023', null, 'a missing reason is 22023');
select throws_ok($$select hr_api.terminate_employee(current_setting('t.ann')::uuid, pg_temp.today(), E' \t\n ')$$,
                 '22023', null, 'a reason of white space only is 22023');
select throws_ok($$select hr_api.terminate_employee(current_setting('t.ann')::uuid, pg_temp.today(), E'\u00a0\u200b')$$,
                 '22023', 'a termination needs a reason', 'a reason of a no-break and a zero-width space is 22023');
select throws_ok($$select hr_api.terminate_employee(current_setting('t.ann')::uuid, pg_temp.today(), repeat('x', 1001))$$,
                 '22023', null, 'a reason of 1001 characters is 22023');
reset role;
select is(pg_temp.terminated(current_setting('t.ann')::uuid), null::date, 'every refusal left Ann employed');

-- the department's manager ends Ann's employment today: she works to the
-- end of the day, her login stays until then
select tests.act_as('manager.frontdesk@hr.demo');
select hr_api.terminate_employee(current_setting('t.ann')::uuid, pg_temp.today(), 'resigned: moving abroad');
reset role;
select is(pg_temp.terminated(current_setting('t.ann')::uuid), pg_temp.today(), 'the department''s manager ended Ann''s employment today');
select ok(tests.my_row_locks('hr.employees', current_setting('t.ann')::uuid) && array['For Update', 'Update'],
          'Ann''s row is held for update until commit (a clock-in, schedule or leave request of hers waits)');
select ok(pg_temp.is_active('term.ann@harbor.test'), 'her login stays active through her last day');
select is((select new_row ->> 'termination_reason' from core.audit_log
           where table_name = 'hr.employees' and operation = 'UPDATE' and row_key ->> 'id' = current_setting('t.ann')
             and user_id = (select id from core.users where email = 'manager.frontdesk@hr.demo')),
          'resigned: moving abroad', 'the audit log keeps the reason, with the manager as the acting user');
select tests.act_as('admin@hr.demo');
select results_eq($$select terminated_on, termination_reason from hr_api.employees where id = current_setting('t.ann')::uuid$$,
                  $$values (pg_temp.today(), 'resigned: moving abroad'::text)$$, 'an admin reads the last day and the reason');
select tests.act_as('manager.frontdesk@hr.demo');
select throws_ok($$select termination_reason from hr_api.employees where id = current_setting('t.ann')::uuid$$,
                 '42501', null, 'a manager is not granted the reason column (42501)');
select throws_ok($$select hr_api.terminate_employee(current_setting('t.ann')::uuid, pg_temp.today() - 1, 'resigned')$$,
                 'PT409', null, 'an employment already ended cannot be ended again (PT409)');
-- Ann, still employed today, clocks in (the order of the locks a clock-in
-- and a termination take shows only to a second session:
-- tests/hr/19_termination_locks.sql)
select tests.act_as('term.ann@harbor.test');
select isa_ok(hr_api.clock_in(), 'uuid', 'Ann clocks in on her last day');

-- an admin ends Bob's employment as of yesterday: recorded late, allowed as
-- nothing of his lies after it; his login goes at once
select tests.act_as_anon();
select isnt(hr_api.login('term.bob@harbor.test', 'demo'), null, 'Bob logs in while employed');
select tests.act_as('admin@hr.demo');
select lives_ok($$select hr_api.terminate_employee(current_setting('t.bob')::uuid, pg_temp.today() - 1, '  ' || repeat('r', 1000) || ' ')$$,
                'an admin ends Bob''s employment as of yesterday, with a reason of 1000 characters between spaces');
select is((select char_length(termination_reason) from hr_api.employees where id = current_setting('t.bob')::uuid), 1000,
          'the whole reason is kept, without the spaces around it');
reset role;
select is(pg_temp.terminated(current_setting('t.bob')::uuid), pg_temp.today() - 1, 'Bob''s last day is yesterday');
select is(pg_temp.is_active('term.bob@harbor.test'), false, 'his login is deactivated at once');
select tests.act_as_anon();
select throws_ok($$select hr_api.login('term.bob@harbor.test', 'demo')$$, '42501', null, 'Bob can no longer log in (42501)');
select tests.act_as('term.bob@harbor.test');
select is((select count(*) from hr_api.employees), 0::bigint, 'and a token issued before sees no one');
select tests.act_as('emp1@hr.demo');
select ok((select count(*) from hr_api.employees) > 0, 'while a colleague still sees the hotel''s staff');

-- the bound of the last day: the hotel's today plus 366 days is accepted
select tests.act_as('manager.frontdesk@hr.demo');
select lives_ok($$select hr_api.terminate_employee(current_setting('t.far')::uuid, pg_temp.today() + 366, 'fixed-term contract ends')$$,
                'a last day 366 days after the hotel''s today is accepted');
reset role;
select is(pg_temp.terminated(current_setting('t.far')::uuid), pg_temp.today() + 366, 'and recorded');

-- business rules, each with a control that passes: the hire date
select tests.act_as('manager.frontdesk@hr.demo');
select throws_ok($$select hr_api.terminate_employee(current_setting('t.hana')::uuid, current_date - 1001, 'no show')$$,
                 'P0001', null, 'a last day before the hire date is refused (P0001)');
select ok(pg_temp.has_detail_and_hint($$select hr_api.terminate_employee(current_setting('t.hana')::uuid, current_date - 1001, 'no show')$$), 'its error carries a detail and a hint saying what to do first');
select lives_ok($$select hr_api.terminate_employee(current_setting('t.hana')::uuid, current_date - 1000, 'no show')$$,
                'a last day on the hire date is accepted');

-- punches: one from 16:00 to the midnight ending two days ago counts on that
-- day, not the next
reset role;
select tests.hr_add_punch(current_setting('t.paul')::uuid, (pg_temp.today() - 2) + time '16:00', (pg_temp.today() - 1)::timestamp);
select tests.act_as('manager.frontdesk@hr.demo');
select throws_ok($$select hr_api.terminate_employee(current_setting('t.paul')::uuid, pg_temp.today() - 3, 'left')$$,
                 'P0001', null, 'a last day before a punched day is refused (P0001)');
select ok(pg_temp.has_detail_and_hint($$select hr_api.terminate_employee(current_setting('t.paul')::uuid, pg_temp.today() - 3, 'left')$$), 'its error carries a detail and a hint saying what to do first');
select lives_ok($$select hr_api.terminate_employee(current_setting('t.paul')::uuid, pg_temp.today() - 2, 'left')$$,
                'the last day punched (a punch ending at its midnight) is accepted');

-- an open punch
reset role;
insert into hr.punches (tenant_id, employee_id, clock_in_at)
select tenant_id, id, now() - interval '2 hours' from hr.employees where id = current_setting('t.olga')::uuid;
select tests.act_as('manager.frontdesk@hr.demo');
select throws_ok($$select hr_api.terminate_employee(current_setting('t.olga')::uuid, pg_temp.today() + 30, 'contract ends')$$,
                 'P0001', null, 'an employee clocked in cannot be terminated, whatever the last day (P0001)');
select ok(pg_temp.has_detail_and_hint($$select hr_api.terminate_employee(current_setting('t.olga')::uuid, pg_temp.today() + 30, 'contract ends')$$), 'its error carries a detail and a hint saying what to do first');
select lives_ok($$select hr_api.edit_punch((select id from hr_api.punches where employee_id = current_setting('t.olga')::uuid),
                                          now() - interval '2 hours', now() - interval '1 hour', 'clocked out at the desk')$$,
                'the manager closes the punch');
select lives_ok($$select hr_api.terminate_employee(current_setting('t.olga')::uuid, pg_temp.today() + 30, 'contract ends')$$,
                'then the termination passes');

-- a shift yet to start, from 16:00 to the midnight ending in three days
reset role;
select set_config('t.sam_shift', pg_temp.add_shift(current_setting('t.sam')::uuid, (pg_temp.today() + 3) + time '16:00',
                                                    (pg_temp.today() + 4)::timestamp)::text, true);
select tests.act_as('manager.frontdesk@hr.demo');
select throws_ok($$select hr_api.terminate_employee(current_setting('t.sam')::uuid, pg_temp.today() + 2, 'dismissed')$$,
                 'P0001', null, 'a last day before a scheduled shift is refused (P0001)');
select ok(pg_temp.has_detail_and_hint($$select hr_api.terminate_employee(current_setting('t.sam')::uuid, pg_temp.today() + 2, 'dismissed')$$), 'its error carries a detail and a hint saying what to do first');
select lives_ok($$select hr_api.terminate_employee(current_setting('t.sam')::uuid, pg_temp.today() + 3, 'dismissed')$$,
                'a last day on the shift''s day (ending at its midnight) is accepted');
select tests.act_as('admin@hr.demo');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.sam')::uuid, tests.hr_position_id('Harbor View', 'Receptionist'),
                                               tests.hr_at('Harbor View', (pg_temp.today() + 4) + time '08:00'),
                                               tests.hr_at('Harbor View', (pg_temp.today() + 4) + time '16:00'))$$,
                 'P0001', format('Sam Shift is not employed on %s', pg_temp.today() + 4), 'no shift can be scheduled after the last day (P0001)');
-- a scheduled shift already over with no punch (a no-show) is history, not
-- a blocker: it cannot be cancelled any more
reset role;
select pg_temp.add_shift(current_setting('t.tom')::uuid, (pg_temp.today() - 2) + time '08:00', (pg_temp.today() - 2) + time '16:00');
select pg_temp.add_shift(current_setting('t.tom')::uuid, (pg_temp.today() + 5) + time '08:00', (pg_temp.today() + 5) + time '16:00');
-- and one starting at this very instant, which has started (cancel_shift
-- refuses it too), so it counts with the history, not with the shifts ahead
insert into hr.shifts (tenant_id, hotel_id, department_id, position_id, employee_id, starts_at, ends_at)
select tenant_id, hotel_id, department_id, tests.hr_position_id('Harbor View', 'Receptionist'), id, now(), now() + interval '1 hour'
from hr.employees where id = current_setting('t.tom')::uuid;
select tests.act_as('manager.frontdesk@hr.demo');
select throws_ok($$select hr_api.terminate_employee(current_setting('t.tom')::uuid, pg_temp.today() - 3, 'abandoned the job')$$,
                 'P0001', null, 'Tom''s shift ahead blocks a last day three days ago (P0001)');
select lives_ok($$select hr_api.cancel_shift((select id from hr_api.shifts where employee_id = current_setting('t.tom')::uuid and starts_at > now()))$$,
                'the manager cancels it');
select lives_ok($$select hr_api.terminate_employee(current_setting('t.tom')::uuid, pg_temp.today() - 3, 'abandoned the job')$$,
                'then the last day three days ago passes, the unpunched shifts since then, started, being history');

-- leave, pending and approved
reset role;
select set_config('t.lia_pending', pg_temp.add_leave(current_setting('t.lia')::uuid, pg_temp.today() + 10, pg_temp.today() + 11, 'pending')::text, true);
select pg_temp.add_leave(current_setting('t.lia')::uuid, pg_temp.today() + 20, pg_temp.today() + 20, 'approved');
select pg_temp.add_leave(current_setting('t.lia')::uuid, pg_temp.today() + 40, pg_temp.today() + 40, 'rejected');
select tests.act_as('manager.frontdesk@hr.demo');
select throws_ok($$select hr_api.terminate_employee(current_setting('t.lia')::uuid, pg_temp.today() + 10, 'retires')$$,
                 'P0001', null, 'pending leave after the last day is refused (P0001)');
select ok(pg_temp.has_detail_and_hint($$select hr_api.terminate_employee(current_setting('t.lia')::uuid, pg_temp.today() + 10, 'retires')$$), 'its error carries a detail and a hint saying what to do first');
select lives_ok($$select hr_api.decide_leave(current_setting('t.lia_pending')::uuid, false)$$, 'the manager rejects the pending request');
select throws_ok($$select hr_api.terminate_employee(current_setting('t.lia')::uuid, pg_temp.today() + 19, 'retires')$$,
                 'P0001', null, 'approved leave after the last day is refused (P0001)');
select ok(pg_temp.has_detail_and_hint($$select hr_api.terminate_employee(current_setting('t.lia')::uuid, pg_temp.today() + 19, 'retires')$$), 'its error carries a detail and a hint saying what to do first');
select lives_ok($$select hr_api.terminate_employee(current_setting('t.lia')::uuid, pg_temp.today() + 20, 'retires')$$,
                'a last day on the approved leave''s last day is accepted (rejected leave after it does not count)');
select tests.act_as('term.lia@harbor.test');
select throws_ok($$select hr_api.request_leave(pg_temp.today() + 21, pg_temp.today() + 25, 'vacation')$$,
                 'P0001', null, 'leave after the last day can no longer be asked for (P0001)');
reset role;
select results_eq($$select id, terminated_on from hr.employees
                    where id in (current_setting('t.hana')::uuid, current_setting('t.paul')::uuid, current_setting('t.olga')::uuid,
                                 current_setting('t.sam')::uuid, current_setting('t.tom')::uuid, current_setting('t.lia')::uuid)
                    order by id$$,
                  $$select id, last_day
                    from (values (current_setting('t.hana')::uuid, current_date - 1000), (current_setting('t.paul')::uuid, pg_temp.today() - 2),
                                 (current_setting('t.olga')::uuid, pg_temp.today() + 30), (current_setting('t.sam')::uuid, pg_temp.today() + 3),
                                 (current_setting('t.tom')::uuid, pg_temp.today() - 3), (current_setting('t.lia')::uuid, pg_temp.today() + 20)) as v (id, last_day)
                    order by id$$,
                  'each refusal left the last day unset; each control set it');

-- a former manager: Mia's last day is today, then the clock passes its
-- local midnight before the sweep has run (her login is still active)
select set_config('t.punch', tests.hr_add_punch(current_setting('t.paul')::uuid, (pg_temp.today() - 5) + time '08:00',
                                                (pg_temp.today() - 5) + time '12:00')::text, true);
select tests.act_as('term.mia@harbor.test');
select ok((select count(*) from hr_api.employees) > 0,
          'Mia, the front desk''s second manager, sees the department''s employees');
select tests.act_as('admin@hr.demo');
select lives_ok($$select hr_api.terminate_employee(current_setting('t.mia')::uuid, pg_temp.today(), 'restructuring')$$,
                'an admin ends Mia''s employment today');
select tests.act_as('term.mia@harbor.test');
select ok((select count(*) from hr_api.employees) > 0, 'on her last day she still sees the department');
reset role;
update hr.employees set terminated_on = pg_temp.today() - 1 where id = current_setting('t.mia')::uuid;
select ok(pg_temp.is_active('term.mia@harbor.test'), 'a day later, before the sweep, her login is still active');
select tests.act_as('term.mia@harbor.test');
select is((select count(*) from hr_api.employees), 0::bigint, 'but the former manager sees none of the department''s employees');
select is((select count(*) from hr_api.punches), 0::bigint, 'nor its punches');
select throws_ok($$select hr_api.schedule_shift((select id from hr.employees where email = 'emp1@hr.demo'),
                                               tests.hr_position_id('Harbor View', 'Receptionist'),
                                               tests.hr_at('Harbor View', (pg_temp.today() + 6) + time '08:00'),
                                               tests.hr_at('Harbor View', (pg_temp.today() + 6) + time '16:00'))$$,
                 '42501', null, 'she can no longer schedule (42501)');
select throws_ok($$select hr_api.edit_punch(current_setting('t.punch')::uuid,
                                           tests.hr_at('Harbor View', (pg_temp.today() - 5) + time '08:00'),
                                           tests.hr_at('Harbor View', (pg_temp.today() - 5) + time '13:00'), 'stayed late')$$,
                 'PT404', null, 'nor edit a punch of the department (PT404: she no longer sees it)');
select throws_ok($$select hr_api.terminate_employee(current_setting('t.ann')::uuid, pg_temp.today(), 'resigned')$$,
                 '42501', 'only the department''s manager or an admin may do this', 'nor end an employment (42501)');
select tests.act_as('manager.frontdesk@hr.demo');
select ok((select count(*) from hr_api.employees) > 0, 'while the front desk''s manager still sees the department''s employees');
select lives_ok($$select hr_api.edit_punch(current_setting('t.punch')::uuid,
                                          tests.hr_at('Harbor View', (pg_temp.today() - 5) + time '08:00'),
                                          tests.hr_at('Harbor View', (pg_temp.today() - 5) + time '13:00'), 'stayed late')$$,
                'and edits the same punch');

-- the sweep: one departed, one whose last day is today, one employed; the
-- logins of this suite's earlier former employees are swept first
reset role;
select hr_private.deactivate_departed_logins() as swept_before;
select set_config('t.gone', tests.hr_add_employee('Harbor View', 'Front Desk', 'term.gone@harbor.test', 'Gil Gone', date '1991-01-01', 20.00)::text, true);
select set_config('t.last', tests.hr_add_employee('Harbor View', 'Front Desk', 'term.last@harbor.test', 'Lou Last', date '1991-02-02', 20.00)::text, true);
select set_config('t.stay', tests.hr_add_employee('Harbor View', 'Front Desk', 'term.stay@harbor.test', 'Sue Stay', date '1991-03-03', 20.00)::text, true);
update hr.employees set terminated_on = pg_temp.today() - 1 where id = current_setting('t.gone')::uuid;
update hr.employees set terminated_on = pg_temp.today() where id = current_setting('t.last')::uuid;
-- before the sweep, a former employee is no one already, from the local
-- midnight after the last day: no colleague seen, no clock-in
select tests.act_as('term.gone@harbor.test');
select is((select count(*) from hr_api.employees), 0::bigint, 'Gil, whose last day was yesterday, sees no colleague');
select throws_ok($$select hr_api.clock_in()$$, '42501', format('Gil Gone left on %s', pg_temp.today() - 1),
                 'nor clocks in: he is told that his employment ended (42501)');
select tests.act_as('term.last@harbor.test');
select ok((select count(*) from hr_api.employees) > 0, 'Lou, on his last day, sees his colleagues');
select isa_ok(hr_api.clock_in(), 'uuid', 'and clocks in');
reset role;
select is(hr_private.deactivate_departed_logins(), 1, 'the sweep deactivates one login');
select results_eq($$select email, is_active from core.users where email in ('term.gone@harbor.test', 'term.last@harbor.test', 'term.stay@harbor.test') order by email$$,
                  $$values ('term.gone@harbor.test'::text, false), ('term.last@harbor.test', true), ('term.stay@harbor.test', true)$$,
                  'the departed one''s; not the one whose last day is today, nor the employed one''s');
select is(hr_private.deactivate_departed_logins(), 0, 'a re-run deactivates nothing more');
select ok(not pg_temp.is_active('term.mia@harbor.test') and pg_temp.is_active('term.ann@harbor.test'),
          'the former manager''s login went with the first sweep; Ann''s, on her last day, stays');
select function_privs_are('hr_private', 'deactivate_departed_logins', array[]::text[], r, array[]::text[],
                          'no API role may run the sweep: ' || r)
from unnest(array['anon', 'hr_employee', 'hr_manager', 'hr_admin', 'hr_payroll', 'worker']) as r;

select * from finish();
rollback;
