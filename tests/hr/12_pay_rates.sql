-- Pay rates: effective-dated, set by payroll or an admin, checked against the
-- minimum wage of the rule table, never inside a period payroll has run.
begin;
select plan(19);

select set_config('t.tia', tests.hr_add_employee('Harbor View', 'Restaurant', 'rate.tia@harbor.test', 'Tia Tipped', date '1990-12-12', 3.00, true)::text, true);
select set_config('t.ron', tests.hr_add_employee('Alpine Lodge', 'Housekeeping', 'rate.ron@alpine.test', 'Ron Rate', date '1989-01-01', 30.00)::text, true);
select set_config('t.next_week', tests.hr_week('Harbor View', -1)::text, true);

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

select * from finish();
rollback;
