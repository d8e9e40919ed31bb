-- Pay rates: effective-dated, set by payroll or an admin, checked against the
-- minimum wage of the rule table, never inside a period payroll has run.
begin;
select plan(36);

select set_config('t.tia', tests.hr_add_employee('Harbor View', 'Restaurant', 'rate.tia@harbor.test', 'Tia Tipped', date '1990-12-12', 3.00, true)::text, true);
select set_config('t.ron', tests.hr_add_employee('Alpine Lodge', 'Housekeeping', 'rate.ron@alpine.test', 'Ron Rate', date '1989-01-01', 30.00)::text, true);
select set_config('t.next_week', tests.hr_week('Harbor View', -1)::text, true);
select set_config('t.alpine_today', (now() at time zone 'Europe/Zurich')::date::text, true);
select set_config('t.last_run_end', (select max(period_end)::text from hr.payroll_runs where hotel_id = tests.hr_hotel_id('Alpine Lodge')), true);

select tests.act_as('payroll@hr.demo');
select isa_ok(hr_api.set_pay_rate(current_setting('t.ron')::uuid, current_date + 10, 32.50), 'uuid', 'payroll sets a raise from a future date');
select results_eq($$select hourly_rate from hr_api.pay_rates where employee_id = current_setting('t.ron')::uuid order by effective_from$$,
                  $$values (30.00::numeric), (32.50::numeric)$$, 'both rates stand, each from its own date');
select is((select hourly_rate from hr_api.employees where id = current_setting('t.ron')::uuid), 30.00::numeric,
          'the rate in force today is still the old one');
select lives_ok($$select hr_api.set_pay_rate(current_setting('t.ron')::uuid, current_date + 10, 33.00)$$, 'setting the same date again replaces that rate');
select is((select count(*) from hr_api.pay_rates where employee_id = current_setting('t.ron')::uuid), 2::bigint, 'without adding a third');
select throws_ok($$select hr_api.set_pay_rate(current_setting('t.ron')::uuid, current_date + 10, 20.00)$$,
                 'P0001', null, 'below the EU minimum wage of the rule table (24 CHF) is refused (P0001)');
select lives_ok($$select hr_api.set_pay_rate(current_setting('t.tia')::uuid, current_setting('t.next_week')::date, 2.13)$$,
                'a tipped server may be paid the cash wage (7.25 less the 5.12 tip credit)');
select throws_ok($$select hr_api.set_pay_rate(current_setting('t.tia')::uuid, current_setting('t.next_week')::date, 2.12)$$,
                 'P0001', null, 'but not less (P0001)');
select throws_ok($$select hr_api.set_pay_rate(current_setting('t.ron')::uuid, null, 30)$$, '22023', null, 'a missing date is 22023');
select throws_ok($$select hr_api.set_pay_rate(current_setting('t.ron')::uuid, current_date + 10, 'NaN')$$, '22023', null, 'a NaN rate is 22023');
select throws_ok($$select hr_api.set_pay_rate(current_setting('t.ron')::uuid, tests.hr_week('Alpine Lodge', 3), 35)$$,
                 'PT409', null, 'a rate from a day inside a period payroll has run is PT409');
select throws_ok($$select hr_api.set_pay_rate(current_setting('t.ron')::uuid, current_date + 400, 35)$$,
                 '22023', null, 'a rate from more than a year ahead is 22023');
select lives_ok($$select hr_api.set_pay_rate(current_setting('t.ron')::uuid, current_setting('t.alpine_today')::date + 366, 36.00)$$,
                'a rate from exactly 366 days ahead (the hotel''s day) is accepted');
select throws_ok($$select hr_api.set_pay_rate(current_setting('t.ron')::uuid, current_setting('t.alpine_today')::date + 20, 0)$$,
                 '22023', null, 'a rate of zero is 22023');
select throws_ok($$select hr_api.set_pay_rate(current_setting('t.ron')::uuid, current_setting('t.alpine_today')::date + 20, 10000)$$,
                 '22023', null, 'a rate of 10000 is 22023');
select throws_ok($$select hr_api.set_pay_rate(current_setting('t.ron')::uuid, current_setting('t.last_run_end')::date, 35)$$,
                 'PT409', null, 'a rate from the last day of a period already run is PT409');
select lives_ok($$select hr_api.set_pay_rate(current_setting('t.ron')::uuid, current_setting('t.last_run_end')::date + 1, 35)$$,
                'a rate from the day after it is accepted');
-- a raise may reach back to days already worked (above), a cut may not: it
-- applies from the hotel's today at the earliest (below, 31.00 from today)
select throws_ok($$select hr_api.set_pay_rate(current_setting('t.ron')::uuid, current_setting('t.alpine_today')::date - 1, 34.99)$$,
                 'P0001', null, 'a cut from yesterday, the hotel''s day, is refused (P0001)');
select lives_ok($$select hr_api.set_pay_rate(current_setting('t.ron')::uuid, current_setting('t.alpine_today')::date - 1, 35.00)$$,
                'the same rate from yesterday is no cut');
select lives_ok($$select hr_api.set_pay_rate(current_setting('t.ron')::uuid, current_setting('t.alpine_today')::date - 1, 36.00)$$,
                'a raise from yesterday replaces that day''s rate');
select throws_ok($$select hr_api.set_pay_rate(current_setting('t.ron')::uuid, current_setting('t.alpine_today')::date - 1, 35.50)$$,
                 'P0001', null, 'lowering that day''s own rate again is a cut too (P0001)');
select results_eq($$select effective_from, hourly_rate from hr_api.pay_rates where employee_id = current_setting('t.ron')::uuid
                    and effective_from between current_setting('t.last_run_end')::date and current_setting('t.alpine_today')::date order by 1$$,
                  $$values (current_setting('t.last_run_end')::date + 1, 35.00::numeric), (current_setting('t.alpine_today')::date - 1, 36.00::numeric)$$,
                  'the refused cut left the rates as they were');
-- nobody sets their own rate: payroll and admin are employees too
select set_config('t.payroll_self', (select id::text from hr_api.employees where email = 'payroll@hr.demo'), true);
select set_config('t.admin_self', (select id::text from hr_api.employees where email = 'admin@hr.demo'), true);
select throws_ok($$select hr_api.set_pay_rate(current_setting('t.payroll_self')::uuid, current_date + 10, 99.00)$$,
                 '42501', null, 'payroll may not set their own rate (42501)');
select tests.act_as('admin@hr.demo');
select throws_ok($$select hr_api.set_pay_rate(current_setting('t.admin_self')::uuid, current_date + 10, 99.00)$$,
                 '42501', null, 'nor an admin theirs (42501)');
select lives_ok($$select hr_api.set_pay_rate(current_setting('t.payroll_self')::uuid, current_date + 10, 40.00)$$,
                'while an admin sets payroll''s rate');
select tests.act_as('payroll@hr.demo');
select is((select count(*) from hr_api.pay_rates where employee_id in (current_setting('t.payroll_self')::uuid, current_setting('t.admin_self')::uuid)
           and effective_from = current_date + 10 and hourly_rate = 99.00), 0::bigint, 'no self-set rate was written');
select tests.act_as('manager.frontdesk@hr.demo');
select throws_ok($$select hr_api.set_pay_rate(current_setting('t.tia')::uuid, current_date + 10, 5)$$, '42501', null, 'a manager may not set rates (42501)');
select tests.act_as('rate.tia@harbor.test');
select throws_ok($$select hr_api.set_pay_rate(current_setting('t.tia')::uuid, current_date + 10, 50)$$, '42501', null, 'nor the employee (42501)');
select tests.act_as('admin@other-hr.demo');
select throws_ok($$select hr_api.set_pay_rate(current_setting('t.tia')::uuid, current_date + 10, 5)$$, 'PT404', null, 'the other group cannot see our employee (PT404)');

-- contracts: the group's for admin and payroll
select tests.act_as('admin@hr.demo');
select ok((select count(*) from hr_api.contracts) > 0, 'an admin sees the contracts of the group');
select tests.act_as('payroll@hr.demo');
select ok((select count(*) from hr_api.contracts) > 0, 'so does payroll');

-- hr_api.employees shows the rate in force on the hotel's local today: one
-- from today, not yet one from tomorrow
select isa_ok(hr_api.set_pay_rate(current_setting('t.ron')::uuid, current_setting('t.alpine_today')::date, 31.00), 'uuid',
              'payroll sets a rate from Alpine Lodge''s local today');
select isa_ok(hr_api.set_pay_rate(current_setting('t.ron')::uuid, current_setting('t.alpine_today')::date + 1, 34.00), 'uuid',
              'and another from tomorrow');
select is((select hourly_rate from hr_api.employees where id = current_setting('t.ron')::uuid), 31.00::numeric,
          'the employee''s hourly_rate is the one in force from today, not yet tomorrow''s');

-- a minimum wage rule is in force from its very first day: the group's own
-- EU rule of 30 CHF from 100 days ahead
reset role;
insert into hr.wage_rules (tenant_id, jurisdiction, effective_from, minimum_wage, currency)
select id, 'EU', current_setting('t.alpine_today')::date + 100, 30, 'CHF' from core.tenants where app = 'hr' and name = 'Demo Hotels';
select tests.act_as('payroll@hr.demo');
select lives_ok($$select hr_api.set_pay_rate(current_setting('t.ron')::uuid, current_setting('t.alpine_today')::date + 99, 25.00)$$,
                'a rate of 25 CHF the day before the group''s new minimum wage is accepted');
select throws_ok($$select hr_api.set_pay_rate(current_setting('t.ron')::uuid, current_setting('t.alpine_today')::date + 100, 25.00)$$,
                 'P0001', null, 'but not from the day it comes into force (P0001)');

select * from finish();
rollback;
