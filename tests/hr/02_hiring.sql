-- Hiring: a posting by the department's manager or an admin at a rate the
-- minimum wage allows, public applications (the same e-mail twice is 23505),
-- stages, and the hire that creates the employee, the contract, the first
-- rate and the offer letter job.
begin;
select plan(96);

select set_config('t.kitchen', (select d.id::text from hr.departments as d join hr.hotels as h on h.id = d.hotel_id where h.name = 'Alpine Lodge' and d.name = 'Kitchen'), true);
select set_config('t.restaurant', (select d.id::text from hr.departments as d join hr.hotels as h on h.id = d.hotel_id where h.name = 'Harbor View' and d.name = 'Restaurant'), true);
select set_config('t.front_desk', (select d.id::text from hr.departments as d join hr.hotels as h on h.id = d.hotel_id where h.name = 'Harbor View' and d.name = 'Front Desk'), true);
select set_config('t.cook', tests.hr_position_id('Alpine Lodge', 'Line Cook')::text, true);
select set_config('t.server', tests.hr_position_id('Harbor View', 'Server')::text, true);
select set_config('t.desk', tests.hr_position_id('Harbor View', 'Receptionist')::text, true);

-- posting
select tests.act_as('manager.kitchen@hr.demo');
select set_config('t.job', hr_api.post_job(current_setting('t.kitchen')::uuid, current_setting('t.cook')::uuid, 'Commis de cuisine', 28.00)::text, true);
select results_eq($$select title, hourly_rate, status from hr_api.job_postings where id = current_setting('t.job')::uuid$$,
                  $$values ('Commis de cuisine'::text, 28.00::numeric, 'open'::text)$$, 'the kitchen manager posts a job');
select throws_ok($$select hr_api.post_job(current_setting('t.kitchen')::uuid, current_setting('t.cook')::uuid, 'Cheap cook', 20.00)$$,
                 'P0001', null, 'a rate below the EU minimum wage of the rule table (24 CHF) is refused (P0001)');
select throws_ok($$select hr_api.post_job(current_setting('t.kitchen')::uuid, current_setting('t.cook')::uuid, 'Cook', 'NaN')$$,
                 '22023', null, 'a NaN rate is 22023');
select throws_ok($$select hr_api.post_job(current_setting('t.kitchen')::uuid, current_setting('t.cook')::uuid, 'Cook', 'Infinity')$$,
                 '22023', null, 'an infinite rate is 22023');
select throws_ok($$select hr_api.post_job(current_setting('t.kitchen')::uuid, current_setting('t.cook')::uuid, 'Cook', -30)$$,
                 '22023', null, 'a negative rate is 22023');
select throws_ok($$select hr_api.post_job(current_setting('t.kitchen')::uuid, current_setting('t.cook')::uuid, 'Cook', 30.005)$$,
                 '22023', null, 'a rate with fractions of a cent is 22023');
select throws_ok($$select hr_api.post_job(current_setting('t.kitchen')::uuid, current_setting('t.cook')::uuid, '  ', 30)$$,
                 '22023', null, 'a blank title is 22023');
select throws_ok($$select hr_api.post_job(current_setting('t.kitchen')::uuid, current_setting('t.cook')::uuid, E'\t', 30)$$,
                 '22023', 'a job posting needs a title', 'a title of a tab alone is blank (22023): the job board would show nothing');
select throws_ok($$select hr_api.post_job(current_setting('t.kitchen')::uuid, current_setting('t.cook')::uuid, E'\u00a0\u200b', 30)$$,
                 '22023', 'a job posting needs a title', 'so is one of a no-break and a zero-width space (22023)');
select throws_ok($$select hr_api.post_job(current_setting('t.restaurant')::uuid, current_setting('t.cook')::uuid, 'Cook', 30)$$,
                 '22023', null, 'a position of another department is 22023');
select throws_ok($$select hr_api.post_job(current_setting('t.restaurant')::uuid, current_setting('t.server')::uuid, 'Server', 30)$$,
                 '42501', null, 'the kitchen manager may not post for the restaurant (42501)');
select tests.act_as('admin@hr.demo');
select isa_ok(hr_api.post_job(current_setting('t.restaurant')::uuid, current_setting('t.server')::uuid, 'Server (tipped)', 2.13),
              'uuid', 'an admin posts a tipped server job at the US cash wage (7.25 less the 5.12 tip credit)');
select throws_ok($$select hr_api.post_job(current_setting('t.restaurant')::uuid, current_setting('t.server')::uuid, 'Server', 2.12)$$,
                 'P0001', null, 'below the tipped cash wage is refused (P0001)');
select throws_ok($$select hr_api.post_job(current_setting('t.front_desk')::uuid, current_setting('t.desk')::uuid, 'Receptionist', 7.00)$$,
                 'P0001', null, 'a non-tipped position below the 7.25 minimum wage is refused (P0001)');
select tests.act_as('emp1@hr.demo');
select throws_ok($$select hr_api.post_job(current_setting('t.front_desk')::uuid, current_setting('t.desk')::uuid, 'Receptionist', 20)$$,
                 '42501', null, 'an employee may not post jobs (42501)');
select tests.act_as('payroll@hr.demo');
select throws_ok($$select hr_api.post_job(current_setting('t.front_desk')::uuid, current_setting('t.desk')::uuid, 'Receptionist', 20)$$,
                 '42501', null, 'payroll may not post jobs (42501)');

-- applying, anonymously
select tests.act_as_anon();
select ok(exists (select from hr_api.job_postings where id = current_setting('t.job')::uuid), 'anonymous visitors see the open posting');
select set_config('t.app', hr_api.apply_for_job(current_setting('t.job')::uuid, 'Nora Neu', 'nora.neu@example.ch')::text, true);
select throws_ok($$select hr_api.apply_for_job(current_setting('t.job')::uuid, 'Nora Neu', 'NORA.neu@example.ch')$$,
                 '23505', 'NORA.neu@example.ch has already applied to this posting',
                 'the same e-mail twice to one posting is 23505 (case-insensitive), saying so rather than naming a constraint');
select throws_ok($$select hr_api.apply_for_job(current_setting('t.job')::uuid, 'Nora', 'not-an-email')$$, '22023', null, 'a malformed e-mail is 22023');
select throws_ok($$select hr_api.apply_for_job(current_setting('t.job')::uuid, ' ', 'x@example.ch')$$, '22023', null, 'a blank name is 22023');
select throws_ok($$select hr_api.apply_for_job(current_setting('t.job')::uuid, E'\t\n', 'ghost@example.com')$$, '22023',
                 'an application needs a full name', 'a name of a tab and a line break is blank (22023)');
select throws_ok($$select hr_api.apply_for_job(current_setting('t.job')::uuid, 'Nora', E'nora\u00a0neu@example.ch')$$, '22023', null,
                 'an e-mail holding a no-break space is malformed (22023)');
select throws_ok($$select hr_api.apply_for_job(current_setting('t.job')::uuid, repeat('N', 100000), 'long.name@example.ch')$$, '22023', null,
                 'an anonymous visitor''s 100000-character name is 22023');
select throws_ok($$select hr_api.apply_for_job(current_setting('t.job')::uuid, 'Long Mail', repeat('x', 300) || '@example.ch')$$, '22023', null,
                 'an e-mail over 254 characters is 22023');
select set_config('t.long_mail', hr_api.apply_for_job(current_setting('t.job')::uuid, 'Long Mail', repeat('x', 243) || '@example.ch')::text, true);
select is(length(repeat('x', 243) || '@example.ch'), 254, 'an e-mail of exactly 254 characters');
select set_config('t.long_name', hr_api.apply_for_job(current_setting('t.job')::uuid, repeat('n', 200), 'long.name@example.ch')::text, true);
select ok(current_setting('t.long_mail') <> '' and current_setting('t.long_name') <> '',
          'an e-mail of exactly 254 characters and a name of exactly 200 are accepted');
select throws_ok($$select hr_api.apply_for_job(gen_random_uuid(), 'Nora', 'x@example.ch')$$, 'PT404', null, 'an unknown posting is PT404');
select throws_ok($$select * from hr_api.applications$$, '42501', null, 'anonymous visitors cannot read applications (42501)');
select tests.act_as('emp1@hr.demo');
select isa_ok(hr_api.apply_for_job(current_setting('t.job')::uuid, 'Emma Ortiz', 'emma.private@example.com'), 'uuid', 'an employee may apply internally');
select throws_ok($$select * from hr_api.applications$$, '42501', null, 'employees cannot read applications (42501)');
select ok(exists (select from hr_api.job_postings where id = current_setting('t.job')::uuid), 'employees see the open posting (internal applications)');
select tests.act_as('payroll@hr.demo');
select ok(exists (select from hr_api.job_postings where id = current_setting('t.job')::uuid), 'so does payroll');
select tests.act_as('admin@other-hr.demo');
select throws_ok($$select hr_api.apply_for_job(current_setting('t.job')::uuid, 'Oli', 'oli@example.com')$$,
                 'PT404', null, 'a user of another group cannot apply to our posting (PT404)');
select is((select count(*) from hr_api.job_postings where id = current_setting('t.job')::uuid), 0::bigint, 'nor see it');
reset role;
update hr.job_postings set status = 'closed' where title = 'Server (tipped)';
select tests.act_as_anon();
select throws_ok($$select hr_api.apply_for_job((select id from hr.job_postings where title = 'Server (tipped)'), 'Nora', 'n@example.com')$$,
                 '42501', null, 'anonymous visitors cannot read the tables directly (42501)');
reset role;
select set_config('t.closed', (select id::text from hr.job_postings where title = 'Server (tipped)'), true);
select tests.act_as_anon();
select throws_ok($$select hr_api.apply_for_job(current_setting('t.closed')::uuid, 'Nora', 'n@example.com')$$, 'PT409', null, 'a closed posting is PT409');
select is((select count(*) from hr_api.job_postings where id = current_setting('t.closed')::uuid), 0::bigint, 'and is not listed');

-- stages
select tests.act_as('manager.frontdesk@hr.demo');
select is((select count(*) from hr_api.applications where job_id = current_setting('t.job')::uuid), 0::bigint,
          'another department''s manager does not see the kitchen''s applications');
select throws_ok($$select hr_api.advance_application(current_setting('t.app')::uuid, 'interview')$$, 'PT404', null, 'nor move them (PT404)');
select tests.act_as('admin@hr.demo');
select is((select count(*) from hr_api.applications where job_id = current_setting('t.job')::uuid), 4::bigint,
          'an admin sees the applications of the group');
select lives_ok($$select hr_api.advance_application(current_setting('t.long_mail')::uuid, 'screening')$$, 'an admin moves an application');
select tests.act_as('manager.kitchen@hr.demo');
select is((select count(*) from hr_api.applications where job_id = current_setting('t.job')::uuid), 4::bigint,
          'the kitchen manager sees the four applications');
select throws_ok($$select hr_api.advance_application(current_setting('t.app')::uuid, 'hired')$$, '22023', null, 'hired is not a stage to move to (22023)');
select lives_ok($$select hr_api.advance_application(current_setting('t.app')::uuid, 'interview')$$, 'the application moves to interview');
select throws_ok($$select hr_api.advance_application(current_setting('t.app')::uuid, 'screening')$$, 'PT409', null, 'stages only move forward (PT409)');
select throws_ok($$select hr_api.advance_application(current_setting('t.app')::uuid, 'interview')$$, 'PT409', null, 'nor stay where they are (PT409)');

-- hiring
select throws_ok($$select hr_api.hire(current_setting('t.app')::uuid, current_date - 1, 28.00)$$, 'P0001', null, 'a start date in the past is refused (P0001)');
select throws_ok($$select hr_api.hire(current_setting('t.app')::uuid, current_date + 14, 10.00)$$, 'P0001', null, 'a rate below the minimum wage is refused (P0001)');
select throws_ok($$select hr_api.hire(current_setting('t.app')::uuid, null, 28.00)$$, '22023', null, 'a missing start date is 22023');
select throws_ok($$select hr_api.hire(current_setting('t.app')::uuid, current_date + 400, 28.00)$$, '22023', null, 'a start date more than a year ahead is 22023');
-- the hotel's today and exactly a year and a day ahead (366 days) are the first and last start dates accepted
reset role;
select set_config('t.alpine_today', (now() at time zone 'Europe/Zurich')::date::text, true);
select tests.act_as('manager.kitchen@hr.demo');
select isa_ok(hr_api.hire(current_setting('t.long_mail')::uuid, current_setting('t.alpine_today')::date, 28.00), 'uuid',
              'a hire starting today (the hotel''s day) is accepted, by the manager at the posting''s rate of 28.00');
select isa_ok(hr_api.hire(current_setting('t.long_name')::uuid, current_setting('t.alpine_today')::date + 366, 28.00), 'uuid',
              'a hire starting 366 days ahead is accepted');
-- a manager, who never sees wages, hires at the posting's advertised rate at
-- most; an admin may hire at another
select throws_ok($$select hr_api.hire(current_setting('t.app')::uuid, current_date + 14, 28.50)$$, 'P0001',
                 'a manager hires at the posting''s rate of 28.00 CHF at most, not 28.50',
                 'the manager may not hire above the posting''s rate of 28.00 (P0001)');
select throws_ok($$select hr_api.hire(current_setting('t.app')::uuid, current_date + 14, 9999.99)$$, 'P0001', null,
                 'nor at 9999.99 an hour (P0001)');
select is((select stage from hr_api.applications where id = current_setting('t.app')::uuid), 'interview', 'and the application is left as it was');
select tests.act_as('admin@hr.demo');
select set_config('t.new', hr_api.hire(current_setting('t.app')::uuid, current_date + 14, 28.50)::text, true);
select is((select hourly_rate from hr_api.contracts where employee_id = current_setting('t.new')::uuid), 28.50::numeric,
          'an admin hires at 28.50, above the posting''s rate');
select tests.act_as('manager.kitchen@hr.demo');
select results_eq($$select department_id, full_name, email from hr_api.employees where id = current_setting('t.new')::uuid$$,
                  $$values (current_setting('t.kitchen')::uuid, 'Nora Neu'::text, 'nora.neu@example.ch'::text)$$,
                  'the hire creates the employee in the posting''s department');
select results_eq($$select stage, employee_id from hr_api.applications where id = current_setting('t.app')::uuid$$,
                  $$values ('hired'::text, current_setting('t.new')::uuid)$$, 'the application is hired, offer and hire recorded');
select throws_ok($$select hr_api.hire(current_setting('t.app')::uuid, current_date + 14, 28.50)$$, 'PT409', null, 'a hired application cannot be hired again (PT409)');
select lives_ok($$select hr_api.add_certification(current_setting('t.new')::uuid, 'food_handler', current_date - 10, current_date + 700)$$,
                'the manager records the new cook''s food handler card');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.new')::uuid, tests.hr_position_id('Alpine Lodge', 'Dishwasher'),
                                               tests.hr_at('Alpine Lodge', current_date + 20 + time '08:00'), tests.hr_at('Alpine Lodge', current_date + 20 + time '16:00'))$$,
                 'P0001', 'Nora Neu has no birth date on record: the working-age and minors'' rules cannot be checked',
                 'a new hire without a birth date on record cannot be scheduled yet (P0001)');
select throws_ok($$select hr_api.set_employee_details(current_setting('t.new')::uuid, current_date - 365 * 5, null)$$, '22023', null, 'an implausible birth date is 22023');
select throws_ok($$select hr_api.set_employee_details(current_setting('t.new')::uuid, date '1995-05-05', '079 555 01 02')$$, '22023', null, 'a phone not in E.164 is 22023');
select throws_ok($$select hr_api.set_employee_details(gen_random_uuid(), date '1995-05-05', null)$$, 'PT404', null, 'an unknown employee is PT404');
select lives_ok($$select hr_api.set_employee_details(current_setting('t.new')::uuid, date '1995-05-05', '+41795550102')$$, 'the manager records birth date and phone');
select throws_ok($$select hr_api.schedule_shift(current_setting('t.new')::uuid, tests.hr_position_id('Alpine Lodge', 'Dishwasher'),
                                               tests.hr_at('Alpine Lodge', current_date + 5 + time '08:00'), tests.hr_at('Alpine Lodge', current_date + 5 + time '16:00'))$$,
                 'P0001', null, 'not before the start date (P0001)');
select lives_ok($$select hr_api.schedule_shift(current_setting('t.new')::uuid, tests.hr_position_id('Alpine Lodge', 'Dishwasher'),
                                              tests.hr_at('Alpine Lodge', current_date + 20 + time '08:00'), tests.hr_at('Alpine Lodge', current_date + 20 + time '16:00'))$$,
                'then the new cook is scheduled');
-- the minors' rules hang on the birth date: once recorded, a manager cannot
-- rewrite it; an admin corrects it, and the scheduled shifts are judged again
select throws_ok($$select hr_api.set_employee_details(current_setting('t.new')::uuid, date '1990-01-01', null)$$,
                 '42501', null, 'a manager cannot change a recorded birth date (42501)');
select lives_ok($$select hr_api.set_employee_details(current_setting('t.new')::uuid, date '1995-05-05', '+41795550103')$$,
                'but updates the phone with the birth date unchanged');
select throws_ok($$select hr_api.set_employee_details((select id from hr_api.employees where email = 'manager.kitchen@hr.demo'),
                                                     (hr_api.me() -> 'employee' ->> 'birth_date')::date, '+41795550999')$$,
                 '42501', 'nobody may change their own employee details', 'nor change their own details, not even the phone (42501)');
select tests.act_as('admin@hr.demo');
select throws_ok($$select hr_api.set_employee_details(current_setting('t.new')::uuid, current_date - 365 * 13, null)$$,
                 'P0001', null, 'an admin''s correction that makes a scheduled shift break a rule (13, under the EU working age) is refused (P0001)');
select is((select birth_date from hr_api.employees where id = current_setting('t.new')::uuid), date '1995-05-05',
          'and leaves the birth date as it was');
select throws_ok($$select hr_api.set_employee_details(current_setting('t.new')::uuid, date '1900-01-01', null)$$,
                 '22023', null, 'a birth date on 1900-01-01 is implausible (22023)');
-- the 12 years count back from the hotel's today, whatever the session's time
-- zone: each check runs east and west of the date line (UTC+14, UTC-11), and
-- at every instant one of the two is on another date than the hotel
reset role;
select set_config('t.alpine_today', (select (now() at time zone hotels.time_zone)::date::text from hr.hotels as hotels where hotels.name = 'Alpine Lodge'), true);
select tests.act_as('admin@hr.demo');
set local timezone = 'Pacific/Kiritimati';
select throws_ok($$select hr_api.set_employee_details(current_setting('t.new')::uuid, (current_setting('t.alpine_today')::date - interval '12 years')::date, null)$$,
                 'P0001', null, 'UTC+14: a birth date exactly 12 years before the hotel''s today is plausible, and refused only by the scheduled shift''s working age (P0001)');
select throws_ok($$select hr_api.set_employee_details(current_setting('t.new')::uuid, (current_setting('t.alpine_today')::date - interval '12 years')::date + 1, null)$$,
                 '22023', null, 'UTC+14: a day later is implausible (22023)');
set local timezone = 'Pacific/Pago_Pago';
select throws_ok($$select hr_api.set_employee_details(current_setting('t.new')::uuid, (current_setting('t.alpine_today')::date - interval '12 years')::date, null)$$,
                 'P0001', null, 'UTC-11: a birth date exactly 12 years before the hotel''s today is plausible, and refused only by the scheduled shift''s working age (P0001)');
select throws_ok($$select hr_api.set_employee_details(current_setting('t.new')::uuid, (current_setting('t.alpine_today')::date - interval '12 years')::date + 1, null)$$,
                 '22023', null, 'UTC-11: a day later is implausible (22023)');
reset timezone;
select lives_ok($$select hr_api.set_employee_details(current_setting('t.new')::uuid, date '1996-06-06', null)$$,
                'an admin corrects a birth date that breaks no rule');
select is((select birth_date from hr_api.employees where id = current_setting('t.new')::uuid), date '1996-06-06', 'the correction is recorded');
-- hired from a later start date: no clocking in before it (those hours would
-- have no rate and would block the hotel's payroll)
select tests.act_as('nora.neu@example.ch');
select throws_ok($$select hr_api.clock_in()$$, '42501', null, 'a new hire cannot clock in before the start date (42501)');
select is((select count(*) from hr_api.punches), 0::bigint, 'and no punch was written');
select tests.act_as('manager.kitchen@hr.demo');
reset role;
select results_eq($$select contracts.starts_on, contracts.hourly_rate, rates.effective_from, rates.hourly_rate, users.role = 'hr_employee', users.password_hash is null
                    from hr.contracts as contracts
                    join hr.pay_rates as rates on rates.employee_id = contracts.employee_id
                    join hr.employees as employees on employees.id = contracts.employee_id
                    join core.users as users on users.id = employees.user_id
                    where contracts.employee_id = current_setting('t.new')::uuid$$,
                  $$values (current_date + 14, 28.50::numeric, current_date + 14, 28.50::numeric, true, true)$$,
                  'the contract, the first rate from the start date, and a login without a password (until invited)');
select is((select payload - 'subject_id' - 'file_name' - 'employee_id' from core.jobs where kind = 'pdfgen.offer_letter' and payload ->> 'employee_id' = current_setting('t.new')),
          jsonb_build_object('app', 'hr', 'template', 'offer_letter', 'tenant_name', 'Demo Hotels', 'subject_table', 'hr.contracts',
                             'employee_name', 'Nora Neu', 'hotel_name', 'Alpine Lodge', 'department_name', 'Kitchen',
                             'position_title', 'Line Cook', 'start_date', current_date + 14, 'hourly_rate', '28.50', 'currency', 'CHF'),
          'the hire queues the offer letter PDF with everything it shows');
select is((select payload ->> 'subject_id' from core.jobs where kind = 'pdfgen.offer_letter' and payload ->> 'employee_id' = current_setting('t.new')),
          (select id::text from hr.contracts where employee_id = current_setting('t.new')::uuid), 'the letter''s subject is the contract');
-- a rejected application is final
select set_config('t.internal', (select id::text from hr_api.applications where email = 'emma.private@example.com'), true);
select lives_ok($$select hr_api.advance_application(current_setting('t.internal')::uuid, 'rejected')$$, 'the manager rejects the internal application');
select throws_ok($$select hr_api.advance_application(current_setting('t.internal')::uuid, 'offer')$$, 'PT409', null, 'a rejected application does not move (PT409)');
select throws_ok($$select hr_api.hire(current_setting('t.internal')::uuid, current_date + 14, 30)$$, 'PT409', null, 'nor is it hired (PT409)');
select throws_ok($$select hr_api.hire(gen_random_uuid(), current_date + 14, 30)$$, 'PT404', null, 'an unknown application is PT404');
-- an applicant who already works here
select tests.act_as('manager.kitchen@hr.demo');
select set_config('t.dupe', hr_api.apply_for_job(current_setting('t.job')::uuid, 'Kurt again', 'manager.kitchen@hr.demo')::text, true);
select throws_ok($$select hr_api.hire(current_setting('t.dupe')::uuid, current_date + 14, 28)$$, '23505',
                 'manager.kitchen@hr.demo is already an employee of this group',
                 'hiring someone whose e-mail is already an employee''s is 23505, saying so');

-- anyone may apply, so a duplicate tells an anonymous caller that an e-mail
-- applied (23505 is fixed): it tells nothing more, whatever became of the
-- earlier application, and a closed posting tells nothing at all
select tests.act_as_anon();
select hr_api.apply_for_job(current_setting('t.job')::uuid, 'Pia Probe', 'probe.' || stage || '@example.ch')
from unnest(array['applied', 'screening', 'offer']) as stage;
select tests.act_as('admin@hr.demo');
select hr_api.advance_application(applications.id, applications.stage)
from (select id, split_part(split_part(email, '@', 1), '.', 2) as stage from hr_api.applications
      where job_id = current_setting('t.job')::uuid and email in ('probe.screening@example.ch', 'probe.offer@example.ch')) as applications;
reset role;
create function pg_temp.error_of(call text) returns text language plpgsql
as $$
declare
    state text;
    message text;
    detail text;
    hint text;
begin
    execute call;
    return 'no error';
exception
    when others then
        get stacked diagnostics state = returned_sqlstate, message = message_text, detail = pg_exception_detail, hint = pg_exception_hint;
        return format('%s: %s; detail: %s; hint: %s', state, message, coalesce(nullif(detail, ''), '-'), coalesce(nullif(hint, ''), '-'));
end
$$;
grant execute on function pg_temp.error_of(text) to public;
-- an e-mail logs in to one hotel group only: an applicant whose e-mail has a
-- login at another group is 23505 with the application's own message, no
-- detail (the constraint's repeated the key), naming no group
select tests.act_as('manager.kitchen@hr.demo');
select set_config('t.elsewhere', hr_api.apply_for_job(current_setting('t.job')::uuid, 'Otto Other', 'Admin@Other-HR.demo')::text, true);
select is(pg_temp.error_of(format('select hr_api.hire(%L, current_date + 14, 28)', current_setting('t.elsewhere'))),
          '23505: Admin@Other-HR.demo already has a login to the hotel HR system; detail: -; '
          || 'hint: an e-mail logs in to one hotel group only: the applicant applies with another e-mail',
          'hiring someone whose e-mail logs in at another hotel group is 23505, saying only that');
select is((select stage from hr_api.applications where id = current_setting('t.elsewhere')::uuid), 'applied', 'and the application is left as it was');
reset role;
create temporary table t_earlier as
select applications.email, applications.stage
from hr.applications as applications
where applications.job_id = current_setting('t.job')::uuid
  and applications.email in ('nora.neu@example.ch', 'emma.private@example.com', 'probe.applied@example.ch', 'probe.screening@example.ch',
                             'probe.offer@example.ch');
grant select on t_earlier to public;
select is((select array_agg(stage order by stage) from t_earlier), array['applied', 'hired', 'offer', 'rejected', 'screening'],
          'five earlier applications to the posting, one in each stage');
select tests.act_as_anon();
select is((select array_agg(distinct replace(pg_temp.error_of(format('select hr_api.apply_for_job(%L, %L, %L)', current_setting('t.job'), 'Probe', email)),
                                             email, '<e-mail>'))
           from t_earlier),
          array['23505: <e-mail> has already applied to this posting; detail: -; hint: -'],
          'an anonymous duplicate gets the same 23505 for each: its own e-mail, no id, date, name or stage, no detail, no hint');
reset role;
update hr.job_postings set status = 'closed' where id = current_setting('t.job')::uuid;
select tests.act_as_anon();
select is(pg_temp.error_of($$select hr_api.apply_for_job(current_setting('t.job')::uuid, 'Probe', 'nora.neu@example.ch')$$),
          format('PT409: job posting %s is closed; detail: -; hint: -', current_setting('t.job')),
          'once the posting is closed, an e-mail that applied gets PT409');
select is(pg_temp.error_of($$select hr_api.apply_for_job(current_setting('t.job')::uuid, 'Probe', 'never.applied@example.ch')$$),
          format('PT409: job posting %s is closed; detail: -; hint: -', current_setting('t.job')),
          'and so does one that never did: a closed posting answers no probe');

-- a birth date correction judges the shifts not yet over: one that ended at
-- this very instant is history
reset role;
select set_config('t.done', tests.hr_add_employee('Alpine Lodge', 'Housekeeping', 'hire.done@alpine.test', 'Dora Done', date '1990-09-09', 30.00)::text, true);
insert into hr.shifts (tenant_id, hotel_id, department_id, position_id, employee_id, starts_at, ends_at)
select positions.tenant_id, departments.hotel_id, departments.id, positions.id, current_setting('t.done')::uuid, now() - interval '4 hours', now()
from hr.positions as positions join hr.departments as departments on departments.id = positions.department_id
where positions.id = tests.hr_position_id('Alpine Lodge', 'Room Attendant');
select tests.act_as('admin@hr.demo');
select lives_ok($$select hr_api.set_employee_details(current_setting('t.done')::uuid, (current_date - interval '13 years')::date, null)$$,
                'a correction under the working age is accepted when the only shift ended at this very instant');

select * from finish();
rollback;
