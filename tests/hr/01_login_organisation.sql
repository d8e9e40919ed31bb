-- Login, me, and the organisation every HR role reads: hotels (jurisdiction,
-- time zone), departments, positions with their required certificates.
begin;
select plan(33);

-- login (the development secret where the database has none, as in a clone)
select set_config('app.jwt_secret', coalesce(nullif(current_setting('app.jwt_secret', true), ''), 'tests-hr-login-secret-0123456789abcdef'), true);
select ok(tests.jwt_verifies(hr_api.login('admin@hr.demo', 'demo'), current_setting('app.jwt_secret')), 'an admin logs in with the demo password and gets a signed token');
select results_eq($$select p ->> 'role', p ->> 'sub', p ? 'exp' from tests.jwt_payload(hr_api.login('minor@hr.demo', 'demo')) as p$$,
                  $$values ('hr_employee'::text, (select id::text from core.users where email = 'minor@hr.demo'), true)$$,
                  'the token names the role, the user and an expiry');
select lives_ok($$select hr_api.login(email, 'demo') from unnest(array['admin@hr.demo', 'payroll@hr.demo', 'manager.frontdesk@hr.demo',
                  'manager.kitchen@hr.demo', 'emp1@hr.demo', 'emp2@hr.demo', 'minor@hr.demo', 'admin@other-hr.demo']) as email$$,
                'every demo user of the hotel HR system logs in with "demo"');
select throws_ok($$select hr_api.login('emp1@hr.demo', 'wrong')$$, '42501', null, 'a wrong password is 42501');
select throws_ok($$select hr_api.login('client1@crm.demo', 'demo')$$, '42501', null, 'a CRM user cannot log in to the HR system (42501)');
select tests.act_as_anon();
select lives_ok($$select hr_api.login('emp1@hr.demo', 'demo')$$, 'anonymous requests may call login');
select throws_ok($$select hr_api.me()$$, '42501', null, 'me() is not granted to anonymous requests (42501)');
-- a logged-in user may log in again (as someone else on a shared front-desk terminal): login is granted to every HR role
select tests.act_as('emp1@hr.demo');
select lives_ok($$select hr_api.login('emp2@hr.demo', 'demo')$$, 'an employee may call login');
select tests.act_as('manager.frontdesk@hr.demo');
select lives_ok($$select hr_api.login('emp1@hr.demo', 'demo')$$, 'a manager may call login');
select tests.act_as('admin@hr.demo');
select lives_ok($$select hr_api.login('payroll@hr.demo', 'demo')$$, 'an admin may call login');
select tests.act_as('payroll@hr.demo');
select lives_ok($$select hr_api.login('admin@hr.demo', 'demo')$$, 'payroll may call login');

-- me
select tests.act_as('minor@hr.demo');
select results_eq($$select (hr_api.me() ->> 'role'), (hr_api.me() -> 'tenant' ->> 'name'), (hr_api.me() -> 'employee' ->> 'full_name'),
                           extract(year from age(current_date, (hr_api.me() -> 'employee' ->> 'birth_date')::date))::int$$,
                  $$values ('hr_employee'::text, 'Demo Hotels'::text, 'Milo Moreno'::text, 15)$$,
                  'me() gives the minor their profile, group and employee record (15 years old)');

select tests.act_as('admin@hr.demo');
select is(hr_api.me() ->> 'role', 'hr_admin', 'me() answers an admin');
select ok((select count(*) from hr_api.hotels) = 2 and (select count(*) from hr_api.departments) = 12 and (select count(*) from hr_api.positions) > 12,
          'an admin reads both hotels, their departments and positions');
select tests.act_as('payroll@hr.demo');
select is(hr_api.me() ->> 'role', 'hr_payroll', 'and payroll');
select ok((select count(*) from hr_api.hotels) = 2 and (select count(*) from hr_api.departments) = 12 and (select count(*) from hr_api.positions) > 12,
          'payroll reads both hotels, their departments and positions');
select tests.act_as('manager.kitchen@hr.demo');
select ok((select count(*) from hr_api.hotels) = 2 and (select count(*) from hr_api.departments) = 12 and (select count(*) from hr_api.positions) > 12,
          'a manager reads both hotels, their departments and positions');
select tests.act_as('minor@hr.demo');

-- organisation
select results_eq($$select name, jurisdiction, time_zone, workweek_starts_on, currency from hr_api.hotels order by name$$,
                  $$values ('Alpine Lodge'::text, 'EU'::text, 'Europe/Zurich'::text, 1::smallint, 'CHF'::text),
                           ('Harbor View'::text, 'US'::text, 'America/Los_Angeles'::text, 7::smallint, 'USD'::text)$$,
                  'an employee sees both hotels of the group with jurisdiction, zone, workweek and currency');
select ok((select count(*) from hr_api.departments) = 12, 'and their departments');
select results_eq($$select required_certifications from hr_api.positions p join hr_api.departments d on d.id = p.department_id
                    join hr_api.hotels h on h.id = d.hotel_id where h.name = 'Harbor View' and p.title = 'Lifeguard'$$,
                  $$values (array['first_aid', 'lifeguard'])$$, 'positions list the certificates they require');
select ok((select bool_and(is_tipped) from hr_api.positions where title in ('Server', 'Bartender'))
          and not (select bool_or(is_tipped) from hr_api.positions where title not in ('Server', 'Bartender')),
          'servers and bartenders are tipped positions');
select tests.act_as('admin@other-hr.demo');
select results_eq($$select name from hr_api.hotels$$, $$values ('Lakeside Inn'::text)$$, 'the other group sees its own hotel only');
select is((select count(*) from hr_api.positions where department_id in (select id from hr_api.departments)), (select count(*) from hr_api.positions),
          'and only its own positions');
select tests.act_as_anon();
select throws_ok($$select * from hr_api.hotels$$, '42501', null, 'anonymous requests cannot read hotels (42501)');
select throws_ok($$select * from hr_api.positions$$, '42501', null, 'nor positions (42501)');
select ok((select count(*) from hr_api.job_postings) > 0, 'but do see open job postings');

-- the demo group: a few hundred employees with four workweeks of shifts and punches
reset role;
select ok((select count(*) from hr.employees join core.tenants on tenants.id = employees.tenant_id where tenants.name = 'Demo Hotels') between 250 and 400
          and (select count(distinct (shifts.starts_at at time zone 'UTC')::date) from hr.shifts where shifts.starts_at < now()) >= 28
          and (select count(*) from hr.punches) > 5000,
          'the demo group has a few hundred employees and four workweeks of shifts and punches');

-- the rule tables hold the jurisdiction numbers
select results_eq($$select min_rest_hours, max_weekly_hours from hr.working_time_rules where jurisdiction = 'EU' and tenant_id is null$$,
                  $$values (11::numeric, 48::numeric)$$, 'EU: 11 h of rest and 48 h a week, in hr.working_time_rules');
select results_eq($$select weekly_threshold_hours, multiplier from hr.overtime_rules where jurisdiction = 'US'$$,
                  $$values (40::numeric, 1.5::numeric)$$, 'US overtime: 1.5x past 40 h, in hr.overtime_rules');
select results_eq($$select minimum_wage, tip_credit from hr.wage_rules where jurisdiction = 'US'$$,
                  $$values (7.25::numeric, 5.12::numeric)$$, 'US minimum wage and tip credit, in hr.wage_rules');
select results_eq($$select min_age, max_age, school_day_max_hours, school_week_max_hours, non_school_day_max_hours, non_school_week_max_hours,
                           earliest_start, latest_end, summer_latest_end
                    from hr.minor_rules where jurisdiction = 'US'$$,
                  $$values (14, 15, 3::numeric, 18::numeric, 8::numeric, 40::numeric, time '07:00', time '19:00', time '21:00')$$,
                  'US minors aged 14-15, in hr.minor_rules');
select is(hr_private.labor_day(2026), date '2026-09-07', 'Labor Day is the first Monday of September');
select throws_ok($$insert into hr.hotels (tenant_id, name, jurisdiction, time_zone, workweek_starts_on, currency)
                   select id, 'Nowhere', 'US', 'America/Atlantis', 7, 'USD' from core.tenants where name = 'Demo Hotels'$$,
                 '22023', null, 'a hotel in a time zone the server does not know is 22023');

select * from finish();
rollback;
