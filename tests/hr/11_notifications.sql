-- Notifications as jobs: schedule published (SMS to each scheduled employee
-- with a phone, once per unchanged week), certificate expiring (e-mail, once
-- per certificate and expiry). Leave decided, offer letter and payslip are
-- asserted in their capability suites.
begin;
select plan(27);

select set_config('t.week', tests.hr_week('Harbor View', -2)::text, true);
select set_config('t.front_desk', (select department_id::text from hr.employees where email = 'manager.frontdesk@hr.demo'), true);
select set_config('t.kitchen', (select department_id::text from hr.employees where email = 'manager.kitchen@hr.demo'), true);
select set_config('t.pia', tests.hr_add_employee('Harbor View', 'Front Desk', 'notify.pia@harbor.test', 'Pia Phone', date '1990-10-10', 20.00)::text, true);
select set_config('t.noa', tests.hr_add_employee('Harbor View', 'Front Desk', 'notify.noa@harbor.test', 'Noa Nophone', date '1990-11-11', 20.00)::text, true);
update hr.employees set phone = null where id = current_setting('t.noa')::uuid;
select set_config('t.pia_phone', (select phone from hr.employees where id = current_setting('t.pia')::uuid), true);

select tests.act_as('manager.frontdesk@hr.demo');
select hr_api.schedule_shift(e.id, tests.hr_position_id('Harbor View', 'Receptionist'),
                             tests.hr_at('Harbor View', current_setting('t.week')::date + d + time '09:00'),
                             tests.hr_at('Harbor View', current_setting('t.week')::date + d + time '17:00'))
from (values (current_setting('t.pia')::uuid), (current_setting('t.noa')::uuid)) as e (id)
cross join (values (1), (3)) as days (d);

select throws_ok($$select hr_api.publish_schedule(current_setting('t.front_desk')::uuid, current_setting('t.week')::date + 1)$$,
                 '22023', null, 'a week_start that is not the hotel''s first workweek day (Sunday) is 22023');
select throws_ok($$select hr_api.publish_schedule(current_setting('t.kitchen')::uuid, current_setting('t.week')::date + 1)$$,
                 '42501', null, 'the front desk manager may not publish the kitchen''s schedule (42501)');
select throws_ok($$select hr_api.publish_schedule(gen_random_uuid(), current_setting('t.week')::date)$$,
                 'PT404', null, 'an unknown department is PT404');
select is(hr_api.publish_schedule(current_setting('t.front_desk')::uuid, current_setting('t.week')::date), 4,
          'publishing the week returns the four shifts published');
select ok((select bool_and(published_at is not null) from hr_api.shifts where employee_id in (current_setting('t.pia')::uuid, current_setting('t.noa')::uuid)),
          'the shifts are marked published');
select tests.act_as('emp1@hr.demo');
select throws_ok($$select hr_api.publish_schedule(current_setting('t.front_desk')::uuid, current_setting('t.week')::date)$$,
                 '42501', null, 'an employee may not publish (42501)');
reset role;
select is((select count(*) from core.jobs where kind = 'sms.schedule_published' and payload ->> 'employee_id' = current_setting('t.pia')), 1::bigint,
          'Pia (with a phone) gets one SMS');
select is((select count(*) from core.jobs where kind = 'sms.schedule_published' and payload ->> 'employee_id' = current_setting('t.noa')), 0::bigint,
          'Noa (no phone) gets none');
select is((select payload - 'shifts' from core.jobs where kind = 'sms.schedule_published' and payload ->> 'employee_id' = current_setting('t.pia')),
          jsonb_build_object('app', 'hr', 'template', 'schedule_published', 'to', current_setting('t.pia_phone'), 'to_name', 'Pia Phone',
                             'tenant_name', 'Demo Hotels', 'employee_id', current_setting('t.pia')::uuid, 'employee_name', 'Pia Phone',
                             'hotel_name', 'Harbor View', 'week_start', current_setting('t.week')::date),
          'the SMS payload carries the recipient, the employee, the hotel and the week');
select is((select jsonb_array_length(payload -> 'shifts') from core.jobs where kind = 'sms.schedule_published' and payload ->> 'employee_id' = current_setting('t.pia')),
          2, 'and both of her shifts');
select is((select payload -> 'shifts' -> 0 from core.jobs where kind = 'sms.schedule_published' and payload ->> 'employee_id' = current_setting('t.pia')),
          jsonb_build_object('starts_at', hr_private.local_time(tests.hr_at('Harbor View', current_setting('t.week')::date + 1 + time '09:00'), 'America/Los_Angeles'),
                             'ends_at', hr_private.local_time(tests.hr_at('Harbor View', current_setting('t.week')::date + 1 + time '17:00'), 'America/Los_Angeles'),
                             'position', 'Receptionist'),
          'each shift in local time with its offset, and the position');
select matches((select payload -> 'shifts' -> 0 ->> 'starts_at' from core.jobs where kind = 'sms.schedule_published' and payload ->> 'employee_id' = current_setting('t.pia')),
               '^\d{4}-\d{2}-\d{2}T09:00:00-0[78]:00$', 'times are RFC 3339 in the hotel''s zone (09:00 local, Pacific offset)');
-- the offset's sign at zero: RFC 3339 reserves -00:00 for "offset unknown",
-- so a zone at UTC itself (London in winter) writes +00:00; beside it a zone
-- just behind UTC, with its half hour
select is(hr_private.local_time(timestamptz '2026-01-15 12:00:00+00', 'Europe/London'), '2026-01-15T12:00:00+00:00',
          'a time at offset 0 carries +00:00, never -00:00');
select is(hr_private.local_time(timestamptz '2026-01-15 12:00:00+00', 'America/St_Johns'), '2026-01-15T08:30:00-03:30',
          'a time behind UTC carries its minus sign and its minutes (control)');
select tests.act_as('manager.frontdesk@hr.demo');
select hr_api.publish_schedule(current_setting('t.front_desk')::uuid, current_setting('t.week')::date);
reset role;
select is((select count(*) from core.jobs where kind = 'sms.schedule_published' and payload ->> 'employee_id' = current_setting('t.pia')), 1::bigint,
          'publishing the unchanged week again sends nothing new');

-- certificates expiring
select set_config('t.cert', tests.hr_add_certificate(current_setting('t.pia')::uuid, 'first_aid', current_date + 10)::text, true);
select set_config('t.later', tests.hr_add_certificate(current_setting('t.noa')::uuid, 'first_aid', current_date + 45)::text, true);
-- the window's two ends, in the hotel's day: expiring today and in exactly 30 days
select set_config('t.hv_today', (now() at time zone 'America/Los_Angeles')::date::text, true);
select set_config('t.today_cert', tests.hr_add_certificate(current_setting('t.noa')::uuid, 'lifeguard', current_setting('t.hv_today')::date)::text, true);
select set_config('t.edge_cert', tests.hr_add_certificate(current_setting('t.noa')::uuid, 'alcohol_service', current_setting('t.hv_today')::date + 30)::text, true);
-- a last day recorded: Ned serves notice to day 20, so his certificates
-- expiring on day 10 and on day 20 itself are mailed; Gil leaves on day 5,
-- before his certificate expires on day 10
select set_config('t.ned', tests.hr_add_employee('Harbor View', 'Front Desk', 'notify.ned@harbor.test', 'Ned Notice', date '1991-01-01', 20.00)::text, true);
select set_config('t.gil', tests.hr_add_employee('Harbor View', 'Front Desk', 'notify.gil@harbor.test', 'Gil Gone', date '1991-02-02', 20.00)::text, true);
select tests.hr_add_certificate(current_setting('t.ned')::uuid, certs.kind, current_setting('t.hv_today')::date + certs.days)
from (values ('first_aid', 10), ('lifeguard', 20)) as certs (kind, days);
select tests.hr_add_certificate(current_setting('t.gil')::uuid, 'first_aid', current_setting('t.hv_today')::date + 10);
select tests.act_as('manager.frontdesk@hr.demo');
select hr_api.terminate_employee(current_setting('t.ned')::uuid, current_setting('t.hv_today')::date + 20, 'resigned: three weeks notice');
select hr_api.terminate_employee(current_setting('t.gil')::uuid, current_setting('t.hv_today')::date + 5, 'resigned');
reset role;
select ok(hr_private.notify_expiring_certificates(30) > 0, 'the daily run finds certificates expiring within 30 days');
select results_eq($$select payload ->> 'kind', payload ->> 'to' from core.jobs
                    where kind = 'mailer.certificate_expiring' and payload ->> 'employee_name' = 'Ned Notice' order by 1$$,
                  $$values ('first_aid'::text, 'notify.ned@harbor.test'::text), ('lifeguard', 'notify.ned@harbor.test')$$,
                  'an employee serving notice to day 20 is mailed about the certificates expiring on day 10 and on the last day itself');
select is((select count(*) from core.jobs where kind = 'mailer.certificate_expiring' and payload ->> 'to' = 'notify.gil@harbor.test'), 0::bigint,
          'an employee whose last day (day 5) is before the certificate''s expiry (day 10) is not mailed');
select is((select count(*) from core.jobs where kind = 'mailer.certificate_expiring'
           and payload ->> 'certification_id' in (current_setting('t.today_cert'), current_setting('t.edge_cert'))),
          2::bigint, 'a certificate expiring today and one expiring in exactly 30 days are both mailed');
select is((select payload from core.jobs where kind = 'mailer.certificate_expiring' and payload ->> 'certification_id' = current_setting('t.cert')),
          jsonb_build_object('app', 'hr', 'template', 'certificate_expiring', 'to', 'notify.pia@harbor.test', 'to_name', 'Pia Phone',
                             'tenant_name', 'Demo Hotels', 'certification_id', current_setting('t.cert')::uuid, 'employee_name', 'Pia Phone',
                             'kind', 'first_aid', 'expires_on', current_date + 10),
          'the e-mail to the employee names the certificate and its expiry');
select is((select count(*) from core.jobs where kind = 'mailer.certificate_expiring' and payload ->> 'certification_id' = current_setting('t.later')),
          0::bigint, 'a certificate expiring in 45 days is not mailed yet');
select hr_private.notify_expiring_certificates(30);
select is((select count(*) from core.jobs where kind = 'mailer.certificate_expiring' and payload ->> 'certification_id' = current_setting('t.cert')),
          1::bigint, 'the next day''s run does not mail the same certificate again');

-- a week runs from its first local midnight up to the next week's: a shift
-- starting exactly at either is published with its own week only
select tests.act_as('admin@hr.demo');
select hr_api.schedule_shift(current_setting('t.pia')::uuid, tests.hr_position_id('Harbor View', 'Receptionist'),
                             tests.hr_at('Harbor View', current_setting('t.week')::date + d + time '00:00'),
                             tests.hr_at('Harbor View', current_setting('t.week')::date + d + time '04:00'))
from unnest(array[7, 14]) as d;
select is(hr_api.publish_schedule(current_setting('t.front_desk')::uuid, current_setting('t.week')::date + 7), 1,
          'an admin publishes the next week: the shift from its first midnight is in it, the one from the following week''s is not');
reset role;
select is((select jsonb_array_length(payload -> 'shifts') from core.jobs
           where kind = 'sms.schedule_published' and payload ->> 'employee_id' = current_setting('t.pia')
             and payload ->> 'week_start' = (current_setting('t.week')::date + 7)::text), 1,
          'and Pia''s SMS for that week lists that one shift');

-- a week with no shift to publish publishes none and sends nothing (the
-- texts' batch is empty, and an empty batch is no job)
select set_config('t.empty_week', tests.hr_week('Harbor View', -40)::text, true);
select is((select count(*) from hr.shifts
           where department_id = current_setting('t.front_desk')::uuid
             and starts_at >= tests.hr_at('Harbor View', current_setting('t.empty_week')::date + time '00:00')
             and starts_at < tests.hr_at('Harbor View', current_setting('t.empty_week')::date + 7 + time '00:00')), 0::bigint,
          'the front desk has no shift 40 weeks ahead (the case below is about an empty week)');
select tests.act_as('manager.frontdesk@hr.demo');
select is(hr_api.publish_schedule(current_setting('t.front_desk')::uuid, current_setting('t.empty_week')::date), 0,
          'publishing an empty week publishes no shift');
reset role;
select is((select count(*) from core.jobs where kind = 'sms.schedule_published' and payload ->> 'week_start' = current_setting('t.empty_week')), 0::bigint,
          'and sends no SMS');

select * from finish();
rollback;
