-- Certifications: recorded by the department's manager or an admin, seen by
-- the employee, the department's manager and admins; a missing or expired
-- certificate (on any local day of the shift) blocks scheduling into a
-- position that requires it.
begin;
select plan(32);

select set_config('t.y', (extract(year from now())::int + 1)::text, true);
-- the suite's days lie in next year's calendar, up to 22 months ahead: Demo
-- Hotels' scheduling horizon is widened for it (15_horizon.sql tests the horizon)
select tests.hr_set_scheduling_horizon('Demo Hotels', 800, current_date - 3);
select set_config('t.day', make_date(current_setting('t.y')::int, 5, 12)::text, true);
select set_config('t.cook', tests.hr_add_employee('Alpine Lodge', 'Kitchen', 'cert.cook@alpine.test', 'Carla Koch', date '1992-02-02', 30.00)::text, true);
select set_config('t.server', tests.hr_add_employee('Harbor View', 'Restaurant', 'cert.server@harbor.test', 'Sam Server', date '1993-03-03', 4.50, true)::text, true);
select set_config('t.late', tests.hr_add_employee('Harbor View', 'Restaurant', 'cert.late@harbor.test', 'Lou Lapsed', date '1994-04-04', 4.50, true)::text, true);
select set_config('t.line_cook', tests.hr_position_id('Alpine Lodge', 'Line Cook')::text, true);
select set_config('t.server_position', tests.hr_position_id('Harbor View', 'Server')::text, true);
-- Lou's alcohol service card lapses the day before the shift; Sam has only a food handler card so far
select tests.hr_add_certificate(current_setting('t.late')::uuid, 'food_handler', current_setting('t.day')::date + 400);
select tests.hr_add_certificate(current_setting('t.late')::uuid, 'alcohol_service', current_setting('t.day')::date - 1);
select tests.hr_add_certificate(current_setting('t.server')::uuid, 'food_handler', current_setting('t.day')::date + 400);
-- Fran's alcohol service card is issued on the very day of her first shift
select set_config('t.fresh', tests.hr_add_employee('Harbor View', 'Restaurant', 'cert.fresh@harbor.test', 'Fran Fresh', date '1995-05-05', 4.50, true)::text, true);
select tests.hr_add_certificate(current_setting('t.fresh')::uuid, 'food_handler', current_setting('t.day')::date + 400);
insert into hr.certifications (tenant_id, employee_id, kind, issued_on, expires_on)
select tenant_id, id, 'alcohol_service', current_setting('t.day')::date, current_setting('t.day')::date + 700
from hr.employees where id = current_setting('t.fresh')::uuid;
select set_config('t.hv_today', (now() at time zone 'America/Los_Angeles')::date::text, true);

select tests.act_as('emp1@hr.demo');
select is((select required_certifications from hr_api.positions where id = current_setting('t.server_position')::uuid),
          array['alcohol_service', 'food_handler'], 'a server needs an alcohol service and a food handler certificate');

-- recording certificates
select tests.act_as('manager.kitchen@hr.demo');
select isa_ok(hr_api.add_certification(current_setting('t.cook')::uuid, 'food_handler', current_date - 30, current_date + 700),
              'uuid', 'the kitchen manager records a food handler card of a cook of the department');
select throws_ok($$select hr_api.add_certification(current_setting('t.cook')::uuid, 'forklift', current_date - 30, current_date + 700)$$,
                 '22023', null, 'an unknown kind is 22023');
select throws_ok($$select hr_api.add_certification(current_setting('t.cook')::uuid, 'first_aid', current_date, current_date - 1)$$,
                 '22023', null, 'an expiry before the issue date is 22023');
select throws_ok($$select hr_api.add_certification(current_setting('t.cook')::uuid, 'first_aid', current_date + 10, current_date + 700)$$,
                 '22023', null, 'an issue date in the future is 22023');
select throws_ok($$select hr_api.add_certification(current_setting('t.cook')::uuid, 'first_aid', null, 'infinity')$$,
                 '22023', null, 'missing or infinite dates are 22023');
select throws_ok($$select hr_api.add_certification(current_setting('t.cook')::uuid, 'first_aid', current_date - 1, current_date + 3700)$$,
                 '22023', null, 'a certificate valid for more than ten years is 22023');
select throws_ok($$select hr_api.add_certification(current_setting('t.cook')::uuid, 'first_aid', current_date - 1, current_date - 1)$$,
                 '22023', null, 'a certificate expiring on the day it is issued is 22023');
select throws_ok($$select hr_api.add_certification(current_setting('t.server')::uuid, 'first_aid', current_date - 1, current_date + 700)$$,
                 'PT404', null, 'the kitchen manager cannot see a Harbor View server (PT404)');
-- a manager does not certify themselves (a lifeguard card would open the pool's shifts)
select throws_ok($$select hr_api.add_certification((select id from hr_api.employees where email = 'manager.kitchen@hr.demo'), 'lifeguard', current_date - 1, current_date + 700)$$,
                 '42501', null, 'a manager may not record their own certificate (42501)');
select is((select count(*) from hr_api.certifications
           where employee_id = (select id from hr_api.employees where email = 'manager.kitchen@hr.demo') and kind = 'lifeguard'),
          0::bigint, 'and none was written');
select tests.act_as('emp1@hr.demo');
select throws_ok($$select hr_api.add_certification(current_setting('t.cook')::uuid, 'first_aid', current_date - 1, current_date + 700)$$,
                 '42501', null, 'an employee may not record certificates (42501)');
select tests.act_as('payroll@hr.demo');
select throws_ok($$select hr_api.add_certification(current_setting('t.cook')::uuid, 'first_aid', current_date - 1, current_date + 700)$$,
                 '42501', null, 'payroll may not record certificates (42501)');
select tests.act_as_anon();
select throws_ok($$select hr_api.add_certification(current_setting('t.cook')::uuid, 'first_aid', current_date - 1, current_date + 700)$$,
                 '42501', null, 'anonymous requests may not record certificates (42501)');
reset role;
select is((select count(*) from hr.certifications where employee_id = current_setting('t.cook')::uuid), 1::bigint,
          'only the accepted certificate was written');

-- who sees certificates
select tests.act_as('cert.cook@alpine.test');
select results_eq($$select kind from hr_api.certifications$$, $$values ('food_handler')$$, 'the cook sees their own certificate, and only it');
select tests.act_as('manager.kitchen@hr.demo');
select ok(exists (select from hr_api.certifications where employee_id = current_setting('t.cook')::uuid)
          and not exists (select from hr_api.certifications where employee_id = current_setting('t.server')::uuid),
          'the kitchen manager sees the kitchen''s certificates and not the restaurant''s');
select tests.act_as('admin@hr.demo');
select ok(exists (select from hr_api.certifications where employee_id = current_setting('t.cook')::uuid)
          and exists (select from hr_api.certifications where employee_id = current_setting('t.server')::uuid),
          'an admin sees the certificates of the whole group');
select tests.act_as('payroll@hr.demo');
select is((select count(*) from hr_api.certifications), 0::bigint, 'payroll sees no certificates');
select tests.act_as('admin@other-hr.demo');
select is((select count(*) from hr_api.certifications where employee_id in (current_setting('t.cook')::uuid, current_setting('t.server')::uuid)),
          0::bigint, 'the other group sees none of ours');
select ok((select count(*) from hr_api.certifications) > 0, 'while it sees its own');

-- a missing certificate blocks scheduling
select tests.act_as('admin@hr.demo');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.server')::uuid, current_setting('t.server_position')::uuid,
                                               tests.hr_at('Harbor View', current_setting('t.day')::date + time '11:00'),
                                               tests.hr_at('Harbor View', current_setting('t.day')::date + time '19:00'))$$,
                 'P0001', null, 'a server without an alcohol service certificate cannot be scheduled as server (P0001)');
select lives_ok($$select hr_api.add_certification(current_setting('t.server')::uuid, 'alcohol_service', current_date - 5, current_setting('t.day')::date + 30)$$,
                'the admin records the missing certificate');
select lives_ok($$select hr_api.schedule_shift(current_setting('t.server')::uuid, current_setting('t.server_position')::uuid,
                                              tests.hr_at('Harbor View', current_setting('t.day')::date + time '11:00'),
                                              tests.hr_at('Harbor View', current_setting('t.day')::date + time '19:00'))$$,
                'then the server is scheduled');
-- an expired one too, including one that lapses during a shift across midnight
select throws_ok($$select hr_api.schedule_shift(current_setting('t.late')::uuid, current_setting('t.server_position')::uuid,
                                               tests.hr_at('Harbor View', current_setting('t.day')::date + time '11:00'),
                                               tests.hr_at('Harbor View', current_setting('t.day')::date + time '19:00'))$$,
                 'P0001', null, 'a server whose alcohol service certificate expired the day before cannot be scheduled (P0001)');
select lives_ok($$select hr_api.schedule_shift(current_setting('t.late')::uuid, current_setting('t.server_position')::uuid,
                                              tests.hr_at('Harbor View', current_setting('t.day')::date - 1 + time '11:00'),
                                              tests.hr_at('Harbor View', current_setting('t.day')::date - 1 + time '19:00'))$$,
                'on its last valid day the shift is accepted');
select lives_ok($$select hr_api.schedule_shift(current_setting('t.late')::uuid, current_setting('t.server_position')::uuid,
                                              tests.hr_at('Harbor View', current_setting('t.day')::date - 3 + time '20:00'),
                                              tests.hr_at('Harbor View', current_setting('t.day')::date - 2 + time '02:00'))$$,
                'a shift across midnight while the certificate covers both days is accepted');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.late')::uuid, current_setting('t.server_position')::uuid,
                                               tests.hr_at('Harbor View', current_setting('t.day')::date - 1 + time '20:00'),
                                               tests.hr_at('Harbor View', current_setting('t.day')::date + time '02:00'))$$,
                 'P0001', null, 'a shift across midnight into the day the certificate is no longer valid is refused (P0001)');

-- a certificate counts from the day it is issued
select throws_ok($$select hr_api.schedule_shift(current_setting('t.fresh')::uuid, current_setting('t.server_position')::uuid,
                                               tests.hr_at('Harbor View', current_setting('t.day')::date - 1 + time '11:00'),
                                               tests.hr_at('Harbor View', current_setting('t.day')::date - 1 + time '19:00'))$$,
                 'P0001', null, 'a shift on the day before the certificate is issued is refused (P0001)');
select lives_ok($$select hr_api.schedule_shift(current_setting('t.fresh')::uuid, current_setting('t.server_position')::uuid,
                                              tests.hr_at('Harbor View', current_setting('t.day')::date + time '11:00'),
                                              tests.hr_at('Harbor View', current_setting('t.day')::date + time '19:00'))$$,
                'a shift on the day the certificate is issued is accepted');
-- recording: issued today (the hotel's day) and valid exactly ten years (3653 days) are the limits accepted
select lives_ok($$select hr_api.add_certification(current_setting('t.server')::uuid, 'lifeguard', current_setting('t.hv_today')::date, current_setting('t.hv_today')::date + 700)$$,
                'a certificate issued today, the hotel''s day, is accepted');
select lives_ok($$select hr_api.add_certification(current_setting('t.server')::uuid, 'first_aid', current_setting('t.hv_today')::date - 1, current_setting('t.hv_today')::date - 1 + 3653)$$,
                'a certificate valid exactly ten years (3653 days) is accepted');

select * from finish();
rollback;
