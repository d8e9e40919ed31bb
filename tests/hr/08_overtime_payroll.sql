-- Overtime and payroll: US overtime per fixed workweek in the hotel's zone
-- (a shift across midnight at the week's end split into both weeks, never
-- averaged across weeks), a tipped employee's premium on the full minimum
-- wage, a rate change mid-period, a payroll run per hotel and period (never
-- twice), immutable once finalized, payslip PDFs queued.
begin;
select plan(60);

-- Harbor View's workweek starts on Sunday at local midnight. The period is
-- the last two workweeks before this one (the seed ran the two before them).
select set_config('t.w1', tests.hr_week('Harbor View', 2)::text, true);
select set_config('t.w2', tests.hr_week('Harbor View', 1)::text, true);
select is(extract(isodow from current_setting('t.w1')::date)::int, 7, 'Harbor View''s workweek starts on a Sunday');

-- A: 45 h in week 1, 35 h in week 2, at 20.00
select set_config('t.a', tests.hr_add_employee('Harbor View', 'Housekeeping', 'ot.a@harbor.test', 'Ana Overtime', date '1990-01-01', 20.00)::text, true);
select tests.hr_add_punch(current_setting('t.a')::uuid, (current_setting('t.w1')::date + d) + time '08:00', (current_setting('t.w1')::date + d) + time '17:00')
from generate_series(1, 5) as d;
select tests.hr_add_punch(current_setting('t.a')::uuid, (current_setting('t.w2')::date + d) + time '08:00', (current_setting('t.w2')::date + d) + time '15:00')
from generate_series(1, 5) as d;

-- B: 40 h Monday to Friday of week 1, then Saturday 20:00 to Sunday 01:00 across the week's end (before any 02:00 clock change), at 18.00
select set_config('t.b', tests.hr_add_employee('Harbor View', 'Housekeeping', 'ot.b@harbor.test', 'Ben Midnight', date '1988-05-05', 18.00)::text, true);
select tests.hr_add_punch(current_setting('t.b')::uuid, (current_setting('t.w1')::date + d) + time '08:00', (current_setting('t.w1')::date + d) + time '16:00')
from generate_series(1, 5) as d;
select tests.hr_add_punch(current_setting('t.b')::uuid, (current_setting('t.w1')::date + 6) + time '20:00', (current_setting('t.w2')::date) + time '01:00');

-- C: tipped server at the cash wage 2.13 (minimum wage 7.25 less the 5.12 tip credit), 45 h in week 1
select set_config('t.c', tests.hr_add_employee('Harbor View', 'Restaurant', 'ot.c@harbor.test', 'Cleo Tipped', date '1995-03-03', 2.13, true)::text, true);
select tests.hr_add_punch(current_setting('t.c')::uuid, (current_setting('t.w1')::date + d) + time '11:00', (current_setting('t.w1')::date + d) + time '20:00')
from generate_series(1, 5) as d;

-- D: 20.00, then 24.00 from Wednesday of week 1; Monday to Thursday 8 h, and Tuesday 22:00 to Wednesday 02:00
select set_config('t.d', tests.hr_add_employee('Harbor View', 'Housekeeping', 'ot.d@harbor.test', 'Dora Raise', date '1985-12-12', 20.00)::text, true);
insert into hr.pay_rates (tenant_id, employee_id, effective_from, hourly_rate)
select employees.tenant_id, employees.id, current_setting('t.w1')::date + 3, 24.00 from hr.employees where employees.id = current_setting('t.d')::uuid;
select tests.hr_add_punch(current_setting('t.d')::uuid, (current_setting('t.w1')::date + d) + time '08:00', (current_setting('t.w1')::date + d) + time '16:00')
from generate_series(1, 4) as d;
select tests.hr_add_punch(current_setting('t.d')::uuid, (current_setting('t.w1')::date + 2) + time '22:00', (current_setting('t.w1')::date + 3) + time '02:00');

-- G: 20.00, then 10.00 from Thursday of week 1; 45 h Monday to Friday
select set_config('t.g', tests.hr_add_employee('Harbor View', 'Housekeeping', 'ot.g@harbor.test', 'Gus Cut', date '1987-07-07', 20.00)::text, true);
insert into hr.pay_rates (tenant_id, employee_id, effective_from, hourly_rate)
select employees.tenant_id, employees.id, current_setting('t.w1')::date + 4, 10.00 from hr.employees where employees.id = current_setting('t.g')::uuid;
select tests.hr_add_punch(current_setting('t.g')::uuid, (current_setting('t.w1')::date + d) + time '08:00', (current_setting('t.w1')::date + d) + time '17:00')
from generate_series(1, 5) as d;

-- leave accrual at finalization: the group's own US sick leave rule of 0.5 h
-- per hour worked is in force from the period's very last day; Tim worked a
-- single minute, whose accrual rounds to nothing and is not booked
insert into hr.leave_accrual_rules (tenant_id, jurisdiction, effective_from, kind, hours_per_hour_worked)
select id, 'US', current_setting('t.w2')::date + 6, 'sick', 0.5 from core.tenants where app = 'hr' and name = 'Demo Hotels';
select set_config('t.tim', tests.hr_add_employee('Harbor View', 'Housekeeping', 'ot.tim@harbor.test', 'Tim Tiny', date '1991-01-01', 20.00)::text, true);
select tests.hr_add_punch(current_setting('t.tim')::uuid, (current_setting('t.w2')::date + 2) + time '08:00', (current_setting('t.w2')::date + 2) + time '08:01');

-- E: an Alpine Lodge (EU) cook with 50 h in a week: no statutory overtime rule
select set_config('t.ew1', tests.hr_week('Alpine Lodge', 2)::text, true);
select set_config('t.e', tests.hr_add_employee('Alpine Lodge', 'Housekeeping', 'ot.e@alpine.test', 'Erik Europe', date '1980-02-02', 30.00)::text, true);
select tests.hr_add_punch(current_setting('t.e')::uuid, (current_setting('t.ew1')::date + d) + time '07:00', (current_setting('t.ew1')::date + d) + time '17:00')
from generate_series(0, 4) as d;

-- who may run payroll
select tests.act_as('manager.frontdesk@hr.demo');
select throws_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Harbor View'), current_setting('t.w1')::date, current_setting('t.w2')::date + 6)$$,
                 '42501', null, 'a manager may not run payroll (42501)');
select tests.act_as('emp1@hr.demo');
select throws_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Harbor View'), current_setting('t.w1')::date, current_setting('t.w2')::date + 6)$$,
                 '42501', null, 'an employee may not run payroll (42501)');
select tests.act_as('admin@other-hr.demo');
select throws_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Harbor View'), current_setting('t.w1')::date, current_setting('t.w2')::date + 6)$$,
                 'PT404', null, 'the other group''s admin cannot see Harbor View (PT404)');

-- malformed periods
select tests.act_as('payroll@hr.demo');
select throws_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Harbor View'), current_setting('t.w1')::date + 1, current_setting('t.w2')::date + 6)$$,
                 '22023', null, 'a period that does not start on the workweek''s first day is 22023');
select throws_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Harbor View'), current_setting('t.w1')::date, current_setting('t.w2')::date + 5)$$,
                 '22023', null, 'a period that does not end on the workweek''s last day is 22023');
select throws_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Harbor View'), current_setting('t.w2')::date, current_setting('t.w1')::date)$$,
                 '22023', null, 'a reversed period is 22023');
select throws_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Harbor View'), tests.hr_week('Harbor View', 12), tests.hr_week('Harbor View', 6) + 6)$$,
                 '22023', null, 'a period of seven workweeks (over five) is 22023');
select throws_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Harbor View'), 'infinity'::date, 'infinity'::date)$$,
                 '22023', null, 'an infinite period is 22023');
select throws_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Harbor View'), tests.hr_week('Harbor View', 0), tests.hr_week('Harbor View', 0) + 6)$$,
                 'P0001', null, 'the current workweek is not over yet (P0001)');
select throws_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Harbor View'), tests.hr_week('Harbor View', 4), tests.hr_week('Harbor View', 3) + 6)$$,
                 'PT409', null, 'the period the seed already ran cannot be run again (PT409)');
select is((select count(*) from hr_api.payroll_runs where hotel_id = tests.hr_hotel_id('Harbor View')), 1::bigint,
          'the refused runs left nothing behind');

-- the run
select set_config('t.run', hr_api.run_payroll(tests.hr_hotel_id('Harbor View'), current_setting('t.w1')::date, current_setting('t.w2')::date + 6)::text, true);
select is((select status from hr_api.payroll_runs where id = current_setting('t.run')::uuid), 'draft', 'the run is a draft');

select results_eq(
    $$select regular_hours, overtime_hours, regular_pay, overtime_pay, gross_pay, currency
      from hr_api.payslips where run_id = current_setting('t.run')::uuid and employee_id = current_setting('t.a')::uuid$$,
    $$values (75.00::numeric, 5.00::numeric, 1500.00::numeric, 150.00::numeric, 1650.00::numeric, 'USD')$$,
    '45 h in one week and 35 h in the next give 5 h of overtime, not 0 (no averaging): 75 h x 20 + 5 h x 30');
select results_eq(
    $$select regular_hours, overtime_hours
      from hr_api.payslips where run_id = current_setting('t.run')::uuid and employee_id = current_setting('t.b')::uuid$$,
    $$values (41.00::numeric, 4.00::numeric)$$,
    'a shift across midnight at the end of a workweek splits: 4 h in week 1 (44 h, 4 h overtime) and 1 h in week 2 (regular)');
select is((select overtime_pay from hr_api.payslips where run_id = current_setting('t.run')::uuid and employee_id = current_setting('t.b')::uuid),
          108.00::numeric, 'the 4 overtime hours pay 1.5 x 18.00');
select results_eq(
    $$select regular_hours, overtime_hours, regular_pay, overtime_pay
      from hr_api.payslips where run_id = current_setting('t.run')::uuid and employee_id = current_setting('t.c')::uuid$$,
    $$values (40.00::numeric, 5.00::numeric, 85.20::numeric, 28.78::numeric)$$,
    'a tipped employee''s overtime premium is on the full minimum wage: 5 h x (2.13 + 0.5 x 7.25) = 28.78, not 5 h x 1.5 x 2.13 = 15.98');
select results_eq(
    $$select regular_hours, overtime_hours, regular_pay
      from hr_api.payslips where run_id = current_setting('t.run')::uuid and employee_id = current_setting('t.d')::uuid$$,
    $$values (36.00::numeric, 0.00::numeric, 792.00::numeric)$$,
    'a rate that changes mid-period pays each hour at its own rate: 18 h x 20 before Wednesday, 18 h x 24 from it (the night shift split at midnight)');
select results_eq(
    $$select regular_hours, overtime_hours, regular_pay, overtime_pay
      from hr_api.payslips where run_id = current_setting('t.run')::uuid and employee_id = current_setting('t.g')::uuid$$,
    $$values (40.00::numeric, 5.00::numeric, 670.00::numeric, 90.00::numeric)$$,
    'a rate cut mid-week: the premium is on the week''s average rate, 5 h x (10.00 + 0.5 x (27 h x 20 + 18 h x 10) / 45 h = 16.00) = 90.00, not 5 h x 1.5 x 10.00 = 75.00');
select is((select count(*) from hr_api.payslips where run_id = current_setting('t.run')::uuid and employee_id = current_setting('t.e')::uuid),
          0::bigint, 'an Alpine Lodge employee is not on Harbor View''s run');
select ok((select count(*) from hr_api.payslips where run_id = current_setting('t.run')::uuid) > 100,
          'every Harbor View employee with hours in the period has a payslip');
select is((select count(*) from hr_api.payslips where run_id = current_setting('t.run')::uuid)
          , (select count(distinct employee_id) from hr_api.payslips where run_id = current_setting('t.run')::uuid),
          'one payslip per employee');
select throws_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Harbor View'), current_setting('t.w1')::date, current_setting('t.w2')::date + 6)$$,
                 'PT409', null, 'the same period cannot be run twice (PT409)');
select throws_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Harbor View'), current_setting('t.w2')::date, current_setting('t.w2')::date + 6)$$,
                 'PT409', null, 'nor a period overlapping it (PT409)');

-- the EU hotel: no overtime rule, so 50 h are 50 regular hours
select set_config('t.eu_run', hr_api.run_payroll(tests.hr_hotel_id('Alpine Lodge'), current_setting('t.ew1')::date, current_setting('t.ew1')::date + 6)::text, true);
select results_eq(
    $$select regular_hours, overtime_hours, gross_pay, currency
      from hr_api.payslips where run_id = current_setting('t.eu_run')::uuid and employee_id = current_setting('t.e')::uuid$$,
    $$values (50.00::numeric, 0.00::numeric, 1500.00::numeric, 'CHF')$$,
    'in the EU jurisdiction (no row in hr.overtime_rules) 50 h are paid as regular hours, in CHF');
select lives_ok($$select hr_api.discard_payroll(current_setting('t.eu_run')::uuid)$$, 'payroll may discard a draft run');
select is((select count(*) from hr_api.payroll_runs where id = current_setting('t.eu_run')::uuid), 0::bigint, 'the discarded draft is gone');

-- an employee does not see a draft payslip, nor its document
reset role;
insert into core.documents (tenant_id, app, kind, subject_table, subject_id, job_id, file_name, content, sha256)
select payslips.tenant_id, 'hr', 'payslip', 'hr.payslips', payslips.id, 900000101, 'draft.pdf', '\x255044462d312e340a'::bytea,
       encode(extensions.digest('\x255044462d312e340a'::bytea, 'sha256'), 'hex')
from hr.payslips as payslips where payslips.run_id = current_setting('t.run')::uuid and payslips.employee_id = current_setting('t.a')::uuid;
select set_config('t.draft_doc', (select id::text from core.documents where job_id = 900000101), true);
select tests.act_as('ot.a@harbor.test');
select is((select count(*) from hr_api.payslips where run_id = current_setting('t.run')::uuid), 0::bigint,
          'an employee does not see a payslip of a draft run');
select throws_ok($$select hr_api.document_content(current_setting('t.draft_doc')::uuid)$$, 'PT404', null,
                 'nor a document of it (PT404)');

-- finalize
select tests.act_as('payroll@hr.demo');
select is(hr_api.finalize_payroll(current_setting('t.run')::uuid),
          (select count(*)::int from hr_api.payslips where run_id = current_setting('t.run')::uuid),
          'finalizing returns the number of payslips');
reset role;
select results_eq($$select kind, hours from hr.leave_ledger where employee_id = current_setting('t.a')::uuid and reason = 'accrual' order by kind$$,
                  $$values ('sick'::text, 40.00::numeric), ('vacation'::text, 3.08::numeric)$$,
                  'Ana''s 80 h accrue 40 h of sick leave at the group''s rule in force from the period''s last day, and 3.08 h of vacation at the default');
select is((select count(*) from hr.leave_ledger where employee_id = current_setting('t.tim')::uuid and reason = 'accrual' and hours = 0), 0::bigint,
          'an accrual that rounds to nothing is not booked');
select tests.act_as('payroll@hr.demo');
select throws_ok($$select hr_api.finalize_payroll(current_setting('t.run')::uuid)$$, 'PT409',
                 format('payroll run %s is already finalized', current_setting('t.run')), 'a run is finalized once (PT409)');
select throws_ok($$select hr_api.discard_payroll(current_setting('t.run')::uuid)$$, 'PT409',
                 format('payroll run %s is finalized and cannot be discarded', current_setting('t.run')), 'a finalized run cannot be discarded (PT409)');

select tests.act_as('ot.a@harbor.test');
select results_eq($$select gross_pay from hr_api.payslips where run_id = current_setting('t.run')::uuid$$,
                  $$values (1650.00::numeric)$$, 'the employee sees their own payslip of the finalized run, and only theirs');
select is(hr_api.document_content(current_setting('t.draft_doc')::uuid), '\x255044462d312e340a'::bytea,
          'and, once the run is final, its document');
select tests.act_as('manager.frontdesk@hr.demo');
select throws_ok($$select gross_pay from hr_api.payslips$$, '42501', null, 'a manager selecting payslips gets 42501');

reset role;
-- immutable, for everyone (the table owner included)
select throws_ok($$update hr.payslips set gross_pay = gross_pay + 1, regular_pay = regular_pay + 1 where run_id = current_setting('t.run')::uuid$$,
                 'PT409', null, 'a payslip of a finalized run cannot be changed, even by the owner (PT409)');
select throws_ok($$delete from hr.payslips where run_id = current_setting('t.run')::uuid$$,
                 'PT409', null, 'nor deleted (PT409)');
select throws_ok($$update hr.payroll_runs set period_end = period_end - 7 where id = current_setting('t.run')::uuid$$,
                 'PT409', null, 'a finalized run cannot be changed (PT409)');

-- the payslip PDFs and leave accrual
select is((select count(*) from core.jobs where kind = 'pdfgen.payslip' and payload ->> 'subject_id' in
              (select id::text from hr.payslips where run_id = current_setting('t.run')::uuid)),
          (select count(*) from hr.payslips where run_id = current_setting('t.run')::uuid),
          'one pdfgen.payslip job per payslip');
select is((select payload - 'file_name' from core.jobs where kind = 'pdfgen.payslip'
           and payload ->> 'subject_id' = (select id::text from hr.payslips where run_id = current_setting('t.run')::uuid and employee_id = current_setting('t.a')::uuid)),
          jsonb_build_object('app', 'hr', 'template', 'payslip', 'tenant_name', 'Demo Hotels', 'subject_table', 'hr.payslips',
                             'subject_id', (select id from hr.payslips where run_id = current_setting('t.run')::uuid and employee_id = current_setting('t.a')::uuid),
                             'payslip_id', (select id from hr.payslips where run_id = current_setting('t.run')::uuid and employee_id = current_setting('t.a')::uuid),
                             'employee_name', 'Ana Overtime', 'hotel_name', 'Harbor View',
                             'period_start', current_setting('t.w1')::date, 'period_end', current_setting('t.w2')::date + 6,
                             'regular_hours', '75.00', 'overtime_hours', '5.00', 'regular_pay', '1500.00', 'overtime_pay', '150.00',
                             'gross_pay', '1650.00', 'currency', 'USD'),
          'the payslip job carries everything the PDF shows, amounts as exact decimal strings');
select is((select sum(hours) from hr.leave_ledger where employee_id = current_setting('t.a')::uuid and reason = 'accrual' and kind = 'vacation'),
          round(80 * 0.0385, 2), 'finalizing accrues vacation per hour worked (80 h x 0.0385, hr.leave_accrual_rules)');

-- the minimum wage rises after a rate was set: payroll refuses to pay below
-- the floor in force on the day worked (a period of long ago, so that no
-- other run meets it)
reset role;
select set_config('t.old', tests.hr_week('Harbor View', 100)::text, true);
select set_config('t.f', tests.hr_add_employee('Harbor View', 'Housekeeping', 'ot.f@harbor.test', 'Finn Floor', date '1987-07-07', 7.25)::text, true);
insert into hr.wage_rules (jurisdiction, effective_from, minimum_wage, tip_credit, currency)
values ('US', current_setting('t.old')::date + 7, 8.00, 5.12, 'USD');
select tests.hr_add_punch(current_setting('t.f')::uuid, (current_setting('t.old')::date + 1) + time '09:00', (current_setting('t.old')::date + 1) + time '17:00');
select tests.hr_add_punch(current_setting('t.f')::uuid, (current_setting('t.old')::date + 8) + time '09:00', (current_setting('t.old')::date + 8) + time '17:00');
select tests.act_as('payroll@hr.demo');
select throws_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Harbor View'), current_setting('t.old')::date + 7, current_setting('t.old')::date + 13)$$,
                 'P0001', 'Finn Floor would be paid below the minimum wage in force for hours in the period',
                 'hours at 7.25 after the minimum wage rose to 8.00 are refused (P0001)');
select is((select count(*) from hr_api.payroll_runs where period_start = current_setting('t.old')::date + 7), 0::bigint, 'and no run was written');
select isa_ok(hr_api.run_payroll(tests.hr_hotel_id('Harbor View'), current_setting('t.old')::date, current_setting('t.old')::date + 6), 'uuid',
              'the week before the raise is paid at 7.25');

-- the seed's finalized runs: an employee sees them (their payslips hang on them), an admin sees the group's
select tests.act_as('emp1@hr.demo');
select ok(exists (select from hr_api.payroll_runs where status = 'finalized'), 'an employee sees the finalized runs');
-- of their own hotel only: another hotel's runs are not their pay
select is((select count(*) from hr_api.payroll_runs where hotel_id <> tests.hr_hotel_id('Harbor View')), 0::bigint,
          'but no run of another hotel of the group');
select tests.act_as('emp2@hr.demo');
select results_eq($$select distinct hotel_id from hr_api.payroll_runs$$, $$values (tests.hr_hotel_id('Alpine Lodge'))$$,
                  'an Alpine Lodge employee sees Alpine Lodge''s runs, not Harbor View''s');
select tests.act_as('admin@hr.demo');
select ok((select count(*) from hr_api.payroll_runs) > 0, 'an admin sees the runs of the group');

-- the period's limits: exactly five workweeks (35 days) is a valid length,
-- refused here only because the seed's runs overlap it; a period ending
-- today is not over (Harbor View's workweek moved so that today ends one)
select tests.act_as('payroll@hr.demo');
select throws_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Harbor View'), tests.hr_week('Harbor View', 5), tests.hr_week('Harbor View', 5))$$,
                 '22023', format('a payroll period of Harbor View covers whole workweeks: %s to %s does not', tests.hr_week('Harbor View', 5), tests.hr_week('Harbor View', 5)),
                 'a one-day period is in order but not a whole workweek (22023, saying so)');
select throws_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Harbor View'), tests.hr_week('Harbor View', 5), tests.hr_week('Harbor View', 1) + 6)$$,
                 'PT409', null, 'five whole workweeks are a valid period, refused only as already run (PT409)');
reset role;
select set_config('t.hv_today', (now() at time zone 'America/Los_Angeles')::date::text, true);
update hr.hotels set workweek_starts_on = extract(isodow from current_setting('t.hv_today')::date + 1)::smallint where name = 'Harbor View';
select tests.act_as('payroll@hr.demo');
select throws_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Harbor View'), current_setting('t.hv_today')::date - 6, current_setting('t.hv_today')::date)$$,
                 'P0001', format('the period ending %s is not over yet at Harbor View', current_setting('t.hv_today')),
                 'a period ending today is not over yet (P0001)');

-- a punch opened exactly at the midnight after the period is not in it:
-- Alpine Lodge's last week can be run while Ada is clocked in since then
reset role;
select set_config('t.ada', tests.hr_add_employee('Alpine Lodge', 'Housekeeping', 'pay.ada@alpine.test', 'Ada After', date '1990-04-04', 30.00)::text, true);
insert into hr.punches (tenant_id, employee_id, clock_in_at)
select tenant_id, id, tests.hr_at('Alpine Lodge', tests.hr_week('Alpine Lodge', 0)::timestamp) from hr.employees where id = current_setting('t.ada')::uuid;
select tests.act_as('payroll@hr.demo');
select lives_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Alpine Lodge'), tests.hr_week('Alpine Lodge', 1), tests.hr_week('Alpine Lodge', 1) + 6)$$,
                'a punch opened exactly at the midnight after the period does not hold up its payroll');


-- a run over a week nobody worked has no payslip: finalized, it returns 0
-- and renders nothing (an empty batch of payslips is no job)
select tests.act_as('payroll@hr.demo');
select set_config('t.empty_run', hr_api.run_payroll(tests.hr_hotel_id('Harbor View'), tests.hr_week('Harbor View', 60),
                                                    tests.hr_week('Harbor View', 60) + 6)::text, true);
select is((select count(*) from hr_api.payslips where run_id = current_setting('t.empty_run')::uuid), 0::bigint,
          'a run over a week 60 weeks back, before any punch, has no payslip');
select is(hr_api.finalize_payroll(current_setting('t.empty_run')::uuid), 0, 'finalizing it returns 0 payslips');
reset role;
select is((select count(*) from core.jobs where kind = 'pdfgen.payslip' and payload ->> 'period_start' = tests.hr_week('Harbor View', 60)::text), 0::bigint,
          'and renders none');

-- a payroll run and a new rate of its hotel wait for each other: run_payroll
-- holds the hotel's row for no key update, set_pay_rate holds it for share
-- until it commits. Without that, a run computed while a rate was
-- uncommitted paid the old rate for days the new one covers, once both had
-- committed. pgrowlocks shows the row locks of this transaction, on Lakeside
-- Inn, whose row nothing in this suite touched but the hire of Lea below (a
-- foreign key's lock for key share, which a run does not wait for).
reset role;
select set_config('t.lea', tests.hr_add_employee('Lakeside Inn', 'Front Desk', 'pay.lea@lakeside.test', 'Lea Lock', date '1990-05-05', 20.00)::text, true);
select is(tests.hr_run_waits_for_me('Lakeside Inn'), false, 'after the hire this transaction holds no lock on Lakeside Inn''s row that a run waits for');
select tests.act_as('admin@other-hr.demo');
select lives_ok($$select hr_api.set_pay_rate(current_setting('t.lea')::uuid, current_date + 20, 21.00)$$, 'the other group''s admin sets Lea a rate');
reset role;
select is(tests.hr_run_waits_for_me('Lakeside Inn'), true,
          'until the rate commits, Lakeside Inn''s row is held for share: a payroll run of the hotel waits for it (and it for a run)');
select * from finish();
rollback;
