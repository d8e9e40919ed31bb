-- A former admin and a former payroll officer: their group-wide rights come
-- from the role, and end with the employment at the local midnight after the
-- last day (hr_private.acting_role), even with a token issued earlier and
-- before the 5-minute sweep deactivates the login. On the last day itself
-- they keep every right (control); beside every read that returns nothing
-- the same read by the admin or payroll officer still employed returns rows,
-- and beside every refusal the same call by them passes. A group office
-- login with no employee record keeps its role. Every day here is a day of
-- Harbor View's zone (America/Los_Angeles), whatever the server's.
begin;
select plan(156);

select set_config('t.today', (now() at time zone 'America/Los_Angeles')::date::text, true);
create function pg_temp.today()
returns date
language sql
stable
as $$ select current_setting('t.today')::date $$;
-- how many rows of an hr_api view the acting user sees
create function pg_temp.seen(view_name text)
returns bigint
language plpgsql
stable
as $$
declare
    n bigint;
begin
    execute format('select count(*) from hr_api.%I', seen.view_name) into n;
    return n;
end
$$;
create function pg_temp.is_active(email text)
returns boolean
language sql
stable
as $$ select users.is_active from core.users as users where users.email = is_active.email $$;
grant execute on function pg_temp.today(), pg_temp.seen(text), pg_temp.is_active(text) to public;

-- what the admin and the payroll officer read group-wide
select set_config('t.admin_views', 'employees,pay_rates,contracts,payslips,payroll_runs,documents,punches,shifts,leave_requests,leave_balances,certifications,applications,hotels,departments,positions,report_overtime,report_hours_by_department', true);
select set_config('t.payroll_views', 'employees,pay_rates,contracts,payslips,payroll_runs,documents,punches,shifts,leave_requests,leave_balances,hotels,departments,positions,report_overtime,report_hours_by_department', true);

-- Ada (admin) and Pat (payroll) in Harbor View's administration; Fay at the
-- front desk, the subject of their actions, with two pending leave requests
select set_config('t.ada', tests.hr_add_employee('Harbor View', 'Administration', 'former.ada@harbor.test', 'Ada Office', date '1980-01-01', 40.00,
                                                 role => 'hr_admin')::text, true);
select set_config('t.pat', tests.hr_add_employee('Harbor View', 'Administration', 'former.pat@harbor.test', 'Pat Ledger', date '1981-02-02', 35.00,
                                                 role => 'hr_payroll')::text, true);
select set_config('t.fay', tests.hr_add_employee('Harbor View', 'Front Desk', 'former.fay@harbor.test', 'Fay Desk', date '1992-03-03', 20.00)::text, true);
insert into hr.leave_requests (tenant_id, employee_id, kind, starts_on, ends_on, hours, status)
select tenant_id, id, 'vacation', pg_temp.today() + 20 + n, pg_temp.today() + 20 + n, 8, 'pending'
from hr.employees, generate_series(0, 1) as n
where id = current_setting('t.fay')::uuid;
select set_config('t.leave1', (select id::text from hr.leave_requests where employee_id = current_setting('t.fay')::uuid and starts_on = pg_temp.today() + 20), true);
select set_config('t.leave2', (select id::text from hr.leave_requests where employee_id = current_setting('t.fay')::uuid and starts_on = pg_temp.today() + 21), true);
select set_config('t.punch', tests.hr_add_punch(current_setting('t.fay')::uuid, (pg_temp.today() - 3) + time '08:00',
                                                (pg_temp.today() - 3) + time '12:00')::text, true);
select set_config('t.frontdesk', (select departments.id::text from hr.departments as departments
                                  where departments.hotel_id = tests.hr_hotel_id('Harbor View') and departments.name = 'Front Desk'), true);
-- a payslip PDF of emp1 (a run of the seed), stored as the worker would
insert into core.documents (tenant_id, app, kind, subject_table, subject_id, job_id, file_name, content, sha256)
select payslips.tenant_id, 'hr', 'payslip', 'hr.payslips', payslips.id, 900000201, 'payslip-emp1.pdf', '\x255044462d312e340a'::bytea,
       encode(extensions.digest('\x255044462d312e340a'::bytea, 'sha256'), 'hex')
from hr.payslips as payslips
where payslips.employee_id = (select id from hr.employees where email = 'emp1@hr.demo')
limit 1;
select set_config('t.doc', (select id::text from core.documents where job_id = 900000201), true);
-- a group office login that is on no hotel's staff
select set_config('t.office', core.create_user((select id from core.tenants where name = 'Demo Hotels'), 'office@group.test', 'Otto Group', 'hr_admin')::text, true);
select hr_private.refresh_reports();

-- the admin ends both employments today: their last day
select tests.act_as('admin@hr.demo');
select lives_ok($$select hr_api.terminate_employee(current_setting('t.ada')::uuid, pg_temp.today(), 'resigned')$$,
                'the admin ends Ada''s employment today');
select lives_ok($$select hr_api.terminate_employee(current_setting('t.pat')::uuid, pg_temp.today(), 'resigned')$$,
                'and Pat''s');

-- control: on their last day both keep every right
select tests.act_as('former.ada@harbor.test');
select ok(pg_temp.seen(v) > 0, 'on her last day Ada, an admin, sees the group''s ' || v)
from unnest(string_to_array(current_setting('t.admin_views'), ',')) as v;
select isnt((select hourly_rate from hr_api.employees where id = current_setting('t.fay')::uuid), null,
            'and Fay''s wage');
select isa_ok(hr_api.post_job(current_setting('t.frontdesk')::uuid, tests.hr_position_id('Harbor View', 'Receptionist'), 'Night auditor', 25.00),
              'uuid', 'she posts a job');
select isa_ok(hr_api.add_certification(current_setting('t.fay')::uuid, 'first_aid', pg_temp.today() - 10, pg_temp.today() + 365),
              'uuid', 'records a certificate');
select isa_ok(hr_api.schedule_shift(current_setting('t.fay')::uuid, tests.hr_position_id('Harbor View', 'Receptionist'),
                                    tests.hr_at('Harbor View', (pg_temp.today() + 3) + time '09:00'),
                                    tests.hr_at('Harbor View', (pg_temp.today() + 3) + time '17:00')),
              'uuid', 'schedules a shift');
select lives_ok($$select hr_api.decide_leave(current_setting('t.leave1')::uuid, false)$$, 'decides a leave request');
select lives_ok($$select hr_api.set_employee_details(current_setting('t.fay')::uuid, date '1992-03-04')$$,
                'and corrects a recorded birth date, which only an admin may');

select tests.act_as('former.pat@harbor.test');
select ok(pg_temp.seen(v) > 0, 'on his last day Pat, a payroll officer, sees the group''s ' || v)
from unnest(string_to_array(current_setting('t.payroll_views'), ',')) as v;
select isnt((select hourly_rate from hr_api.employees where id = current_setting('t.fay')::uuid), null,
            'and Fay''s wage');
select set_config('t.run', hr_api.run_payroll(tests.hr_hotel_id('Harbor View'), tests.hr_week('Harbor View', 2),
                                              tests.hr_week('Harbor View', 2) + 6)::text, true);
select isnt(current_setting('t.run'), '', 'he runs the payroll of a past week');
select lives_ok($$select hr_api.set_pay_rate(current_setting('t.fay')::uuid, pg_temp.today() + 30, 21.00)$$, 'sets a pay rate');
select isnt(hr_api.document_content(current_setting('t.doc')::uuid), null, 'and fetches a stored payslip');

-- the local midnight after the last day passes before the sweep has run
reset role;
update hr.employees set terminated_on = pg_temp.today() - 1
where id in (current_setting('t.ada')::uuid, current_setting('t.pat')::uuid);
select ok(pg_temp.is_active('former.ada@harbor.test') and pg_temp.is_active('former.pat@harbor.test'),
          'a day later, before the sweep, both logins are still active');

-- the former admin sees nothing; the admin still employed sees it all
select tests.act_as('former.ada@harbor.test');
select is(pg_temp.seen(v), 0::bigint, 'the former admin sees none of the group''s ' || v)
from unnest(string_to_array(current_setting('t.admin_views'), ',')) as v;
select is(hr_private.acting_role(), null, 'and acts in no role');
select tests.act_as('admin@hr.demo');
select ok(pg_temp.seen(v) > 0, 'while the admin still employed sees the group''s ' || v)
from unnest(string_to_array(current_setting('t.admin_views'), ',')) as v;
select is(hr_private.acting_role(), 'hr_admin'::name, 'and acts as an admin');

-- the former payroll officer sees nothing; the one still employed sees it all
select tests.act_as('former.pat@harbor.test');
select is(pg_temp.seen(v), 0::bigint, 'the former payroll officer sees none of the group''s ' || v)
from unnest(string_to_array(current_setting('t.payroll_views'), ',')) as v;
select tests.act_as('payroll@hr.demo');
select ok(pg_temp.seen(v) > 0, 'while the payroll officer still employed sees the group''s ' || v)
from unnest(string_to_array(current_setting('t.payroll_views'), ',')) as v;

-- every action of the former admin is refused as for an outsider: what she
-- no longer sees is not found (PT404)
select tests.act_as('former.ada@harbor.test');
select throws_ok($$select hr_api.post_job(current_setting('t.frontdesk')::uuid, tests.hr_position_id('Harbor View', 'Receptionist'), 'Night auditor', 25.00)$$,
                 'PT404', null, 'the former admin can no longer post a job (PT404)');
select throws_ok($$select hr_api.add_certification(current_setting('t.fay')::uuid, 'food_handler', pg_temp.today() - 10, pg_temp.today() + 365)$$,
                 'PT404', null, 'nor record a certificate (PT404)');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.fay')::uuid, tests.hr_position_id('Harbor View', 'Receptionist'),
                                               tests.hr_at('Harbor View', (pg_temp.today() + 4) + time '09:00'),
                                               tests.hr_at('Harbor View', (pg_temp.today() + 4) + time '17:00'))$$,
                 'PT404', null, 'nor schedule a shift (PT404)');
select throws_ok($$select hr_api.schedule_open_shift(tests.hr_position_id('Harbor View', 'Receptionist'),
                                                    tests.hr_at('Harbor View', (pg_temp.today() + 4) + time '09:00'),
                                                    tests.hr_at('Harbor View', (pg_temp.today() + 4) + time '17:00'))$$,
                 'PT404', null, 'nor an open shift (PT404)');
select throws_ok($$select hr_api.publish_schedule(current_setting('t.frontdesk')::uuid, tests.hr_week('Harbor View', -1))$$,
                 'PT404', null, 'nor publish a schedule (PT404)');
select throws_ok($$select hr_api.decide_leave(current_setting('t.leave2')::uuid, false)$$,
                 'PT404', null, 'nor decide a leave request (PT404)');
select throws_ok($$select hr_api.edit_punch(current_setting('t.punch')::uuid,
                                           tests.hr_at('Harbor View', (pg_temp.today() - 3) + time '08:00'),
                                           tests.hr_at('Harbor View', (pg_temp.today() - 3) + time '13:00'), 'stayed late')$$,
                 'PT404', null, 'nor edit a punch (PT404)');
select throws_ok($$select hr_api.set_employee_details(current_setting('t.fay')::uuid, date '1992-03-05')$$,
                 'PT404', null, 'nor change an employee''s details (PT404)');
select throws_ok($$select hr_api.terminate_employee(current_setting('t.fay')::uuid, pg_temp.today() + 60, 'dismissed')$$,
                 '42501', 'only the department''s manager or an admin may do this',
                 'nor end an employment (42501, as for a manager of another department: the group''s own record)');
select throws_ok($$select hr_api.set_pay_rate(current_setting('t.fay')::uuid, pg_temp.today() + 40, 22.00)$$,
                 'PT404', null, 'nor set a pay rate (PT404)');
select throws_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Harbor View'), tests.hr_week('Harbor View', 1), tests.hr_week('Harbor View', 1) + 6)$$,
                 'PT404', null, 'nor run payroll (PT404)');
select throws_ok($$select hr_api.finalize_payroll(current_setting('t.run')::uuid)$$,
                 'PT404', null, 'nor finalize a draft run (PT404)');
select throws_ok($$select hr_api.discard_payroll(current_setting('t.run')::uuid)$$,
                 'PT404', null, 'nor discard it (PT404)');
-- the other group's admin, an outsider, gets the very same answer
select tests.act_as('admin@other-hr.demo');
select throws_ok($$select hr_api.decide_leave(current_setting('t.leave2')::uuid, false)$$,
                 'PT404', null, 'as the other group''s admin does for the same leave request (PT404)');

-- the former payroll officer likewise
select tests.act_as('former.pat@harbor.test');
select throws_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Harbor View'), tests.hr_week('Harbor View', 1), tests.hr_week('Harbor View', 1) + 6)$$,
                 'PT404', null, 'the former payroll officer can no longer run payroll (PT404)');
select throws_ok($$select hr_api.finalize_payroll(current_setting('t.run')::uuid)$$,
                 'PT404', null, 'nor finalize his own draft run (PT404)');
select throws_ok($$select hr_api.discard_payroll(current_setting('t.run')::uuid)$$,
                 'PT404', null, 'nor discard it (PT404)');
select throws_ok($$select hr_api.set_pay_rate(current_setting('t.fay')::uuid, pg_temp.today() + 40, 22.00)$$,
                 'PT404', null, 'nor set a pay rate (PT404)');
select throws_ok($$select hr_api.document_content(current_setting('t.doc')::uuid)$$,
                 'PT404', null, 'nor fetch a stored document (PT404)');

-- the same calls by those still employed pass
select tests.act_as('admin@hr.demo');
select isa_ok(hr_api.post_job(current_setting('t.frontdesk')::uuid, tests.hr_position_id('Harbor View', 'Receptionist'), 'Night auditor', 25.00),
              'uuid', 'the admin still employed posts the job');
select isa_ok(hr_api.add_certification(current_setting('t.fay')::uuid, 'food_handler', pg_temp.today() - 10, pg_temp.today() + 365),
              'uuid', 'records the certificate');
select isa_ok(hr_api.schedule_shift(current_setting('t.fay')::uuid, tests.hr_position_id('Harbor View', 'Receptionist'),
                                    tests.hr_at('Harbor View', (pg_temp.today() + 4) + time '09:00'),
                                    tests.hr_at('Harbor View', (pg_temp.today() + 4) + time '17:00')),
              'uuid', 'schedules the shift');
select isa_ok(hr_api.schedule_open_shift(tests.hr_position_id('Harbor View', 'Receptionist'),
                                         tests.hr_at('Harbor View', (pg_temp.today() + 5) + time '09:00'),
                                         tests.hr_at('Harbor View', (pg_temp.today() + 5) + time '17:00')),
              'uuid', 'and an open shift');
select lives_ok($$select hr_api.publish_schedule(current_setting('t.frontdesk')::uuid, tests.hr_week('Harbor View', -1))$$,
                'publishes the schedule');
select lives_ok($$select hr_api.decide_leave(current_setting('t.leave2')::uuid, false)$$, 'decides the leave request');
select lives_ok($$select hr_api.edit_punch(current_setting('t.punch')::uuid,
                                          tests.hr_at('Harbor View', (pg_temp.today() - 3) + time '08:00'),
                                          tests.hr_at('Harbor View', (pg_temp.today() - 3) + time '13:00'), 'stayed late')$$,
                'edits the punch');
select lives_ok($$select hr_api.set_employee_details(current_setting('t.fay')::uuid, date '1992-03-05')$$,
                'changes the employee''s details');
select lives_ok($$select hr_api.terminate_employee(current_setting('t.fay')::uuid, pg_temp.today() + 60, 'dismissed')$$,
                'and ends the employment');
select tests.act_as('payroll@hr.demo');
select lives_ok($$select hr_api.set_pay_rate(current_setting('t.fay')::uuid, pg_temp.today() + 40, 22.00)$$,
                'the payroll officer still employed sets the pay rate');
select isa_ok(hr_api.run_payroll(tests.hr_hotel_id('Harbor View'), tests.hr_week('Harbor View', 1), tests.hr_week('Harbor View', 1) + 6),
              'uuid', 'runs payroll');
select lives_ok($$select hr_api.discard_payroll(current_setting('t.run')::uuid)$$, 'discards the former officer''s draft');
select isnt(hr_api.document_content(current_setting('t.doc')::uuid), null, 'and fetches a stored document');
reset role;
select is((select count(*) from hr.payroll_runs where id = current_setting('t.run')::uuid), 0::bigint,
          'the draft is gone, discarded by the payroll officer still employed, not before');

-- a group office login with no employee record has no employment to end:
-- it keeps its role until the login is deactivated
select tests.act_as('office@group.test');
select is(hr_private.acting_role(), 'hr_admin'::name, 'a group office login with no employee record acts as an admin');
select ok(pg_temp.seen('employees') > 0, 'and sees the group''s employees');
select lives_ok($$select hr_api.set_pay_rate(current_setting('t.fay')::uuid, pg_temp.today() + 50, 23.00)$$, 'and sets a pay rate');
reset role;
update core.users set is_active = false where email = 'office@group.test';
select tests.act_as('office@group.test');
select is(pg_temp.seen('employees'), 0::bigint, 'once its login is deactivated it sees no one');

-- the helper: every HR role and anonymous visitors (the job board's
-- policies call it) execute it, never PUBLIC; security definer
select function_privs_are('hr_private', 'acting_role', array[]::text[], r, array['EXECUTE'],
                          'hr_private.acting_role() is executable by ' || r)
from unnest(array['anon', 'hr_reader', 'hr_employee', 'hr_manager', 'hr_admin', 'hr_payroll']) as r;
select function_privs_are('hr_private', 'acting_role', array[]::text[], 'public', array[]::text[],
                          'but not by PUBLIC');
select is_definer('hr_private', 'acting_role', array[]::name[], 'hr_private.acting_role() is security definer');

select * from finish();
rollback;
