-- The hr tables' check constraints, each at its boundary value, written to
-- the table itself: the table is the last word on a rule whatever writes to
-- it (an API function, a migration, an operator in psql), and the API
-- functions refuse most of these values first (22023), so no other suite
-- ever writes them. A strict comparison (x > 0, a < b) is refused at
-- equality, a non-strict one (x >= 0, a <= b) accepted there; a constraint
-- with several comparisons gets one case per comparison. Each refusal is
-- matched by its exact message, which names the constraint, so that no
-- other constraint can pass for it; each accepted value is read back, so
-- that an update which touched no row cannot pass for it.
--
-- The suite runs as the test superuser and updates seed rows (one row is
-- inserted); `session_replication_role = replica` switches off the
-- ordinary triggers (audit, append-only, immutable finalized payroll) and
-- the foreign-key triggers for the suite's transaction. It does NOT switch
-- off check constraints, which are what is tested here.
begin;
select plan(62);

set local session_replication_role = replica;

-- rule tables (the default rows, with a null tenant)
select throws_ok($$update hr.working_time_rules set min_rest_hours = 0 where tenant_id is null and jurisdiction = 'EU'$$,
                 '23514', 'new row for relation "working_time_rules" violates check constraint "working_time_rules_min_rest_is_positive"',
                 'a daily rest of 0 hours is refused: a rest rule is a positive number of hours or none');
select throws_ok($$update hr.working_time_rules set max_weekly_hours = 0 where tenant_id is null and jurisdiction = 'EU'$$,
                 '23514', 'new row for relation "working_time_rules" violates check constraint "working_time_rules_max_weekly_is_positive"',
                 'a weekly maximum of 0 hours is refused: a weekly rule is a positive number of hours or none');

select lives_ok($$update hr.minor_rules set max_age = min_age where tenant_id is null and jurisdiction = 'US'$$,
                'a minors'' rule for one age alone (min_age = max_age) is accepted');
select is((select max_age from hr.minor_rules where tenant_id is null and jurisdiction = 'US'), 14,
          'and it reads back as ages 14 to 14');
select throws_ok($$update hr.minor_rules set school_day_max_hours = 0 where tenant_id is null and jurisdiction = 'US'$$,
                 '23514', 'new row for relation "minor_rules" violates check constraint "minor_rules_hours_are_positive"',
                 'a minor''s school day of at most 0 hours is refused');
select throws_ok($$update hr.minor_rules set school_week_max_hours = 0 where tenant_id is null and jurisdiction = 'US'$$,
                 '23514', 'new row for relation "minor_rules" violates check constraint "minor_rules_hours_are_positive"',
                 'a minor''s school week of at most 0 hours is refused');
select throws_ok($$update hr.minor_rules set non_school_day_max_hours = 0 where tenant_id is null and jurisdiction = 'US'$$,
                 '23514', 'new row for relation "minor_rules" violates check constraint "minor_rules_hours_are_positive"',
                 'a minor''s non-school day of at most 0 hours is refused');
select throws_ok($$update hr.minor_rules set non_school_week_max_hours = 0 where tenant_id is null and jurisdiction = 'US'$$,
                 '23514', 'new row for relation "minor_rules" violates check constraint "minor_rules_hours_are_positive"',
                 'a minor''s non-school week of at most 0 hours is refused');
select throws_ok($$update hr.minor_rules set latest_end = earliest_start where tenant_id is null and jurisdiction = 'US'$$,
                 '23514', 'new row for relation "minor_rules" violates check constraint "minor_rules_window_in_order"',
                 'a minor''s working window that ends when it starts (earliest_start = latest_end) is refused');
select lives_ok($$update hr.minor_rules set latest_end = summer_latest_end where tenant_id is null and jurisdiction = 'US'$$,
                'a summer that ends a minor''s day no later than the school year (latest_end = summer_latest_end) is accepted');
select is((select latest_end from hr.minor_rules where tenant_id is null and jurisdiction = 'US'), time '21:00',
          'and it reads back as 21:00 for both');

select throws_ok($$update hr.overtime_rules set weekly_threshold_hours = 0 where tenant_id is null and jurisdiction = 'US'$$,
                 '23514', 'new row for relation "overtime_rules" violates check constraint "overtime_rules_threshold_is_positive"',
                 'an overtime threshold of 0 hours a week is refused');
select throws_ok($$update hr.overtime_rules set multiplier = 1 where tenant_id is null and jurisdiction = 'US'$$,
                 '23514', 'new row for relation "overtime_rules" violates check constraint "overtime_rules_multiplier_above_one"',
                 'an overtime multiplier of exactly 1 (no premium) is refused');

-- a minimum wage of 0 breaks tip_credit_in_range too (0 <= tip_credit < 0 is
-- impossible): Postgres checks a row's constraints in the order of their
-- names, so minimum_wage_is_positive is the one reported
select throws_ok($$update hr.wage_rules set minimum_wage = 0 where tenant_id is null and jurisdiction = 'EU'$$,
                 '23514', 'new row for relation "wage_rules" violates check constraint "wage_rules_minimum_wage_is_positive"',
                 'a minimum wage of 0 is refused');
select lives_ok($$update hr.wage_rules set tip_credit = 0 where tenant_id is null and jurisdiction = 'US'$$,
                'a tip credit of exactly 0 (tips cover nothing of the minimum wage) is accepted');
select is((select tip_credit from hr.wage_rules where tenant_id is null and jurisdiction = 'US'), 0::numeric,
          'and it reads back as 0');
select throws_ok($$update hr.wage_rules set tip_credit = minimum_wage where tenant_id is null and jurisdiction = 'US'$$,
                 '23514', 'new row for relation "wage_rules" violates check constraint "wage_rules_tip_credit_in_range"',
                 'a tip credit equal to the minimum wage (a cash wage of 0) is refused');

select throws_ok($$update hr.leave_accrual_rules set hours_per_hour_worked = 0 where tenant_id is null and jurisdiction = 'US' and kind = 'sick'$$,
                 '23514', 'new row for relation "leave_accrual_rules" violates check constraint "leave_accrual_rules_rate_in_range"',
                 'an accrual of 0 hours of leave per hour worked is refused');
select throws_ok($$update hr.leave_accrual_rules set hours_per_hour_worked = 1 where tenant_id is null and jurisdiction = 'US' and kind = 'sick'$$,
                 '23514', 'new row for relation "leave_accrual_rules" violates check constraint "leave_accrual_rules_rate_in_range"',
                 'an accrual of a whole hour of leave per hour worked is refused');

-- people, rates and documents
select throws_ok($$update hr.employees set birth_date = date '1900-01-01' where id = (select id from hr.employees order by id limit 1)$$,
                 '23514', 'new row for relation "employees" violates check constraint "employees_birth_date_is_plausible"',
                 'a birth date of 1900-01-01 is refused (the plausible ones are after it)');
select throws_ok($$update hr.pay_rates set hourly_rate = 0 where id = (select id from hr.pay_rates order by id limit 1)$$,
                 '23514', 'new row for relation "pay_rates" violates check constraint "pay_rates_hourly_rate_is_positive"',
                 'a pay rate of 0 an hour is refused');
select throws_ok($$update hr.certifications set expires_on = issued_on where id = (select id from hr.certifications order by id limit 1)$$,
                 '23514', 'new row for relation "certifications" violates check constraint "certifications_expires_after_issued"',
                 'a certificate that expires on the day it is issued is refused');
select throws_ok($$update hr.job_postings set hourly_rate = 0 where id = (select id from hr.job_postings order by id limit 1)$$,
                 '23514', 'new row for relation "job_postings" violates check constraint "job_postings_hourly_rate_is_positive"',
                 'a job posted at 0 an hour is refused');
select throws_ok($$update hr.contracts set hourly_rate = 0 where id = (select id from hr.contracts order by id limit 1)$$,
                 '23514', 'new row for relation "contracts" violates check constraint "contracts_hourly_rate_is_positive"',
                 'a contract at 0 an hour is refused');

-- required texts need a character that is not white space (the ASCII white
-- space and the Unicode spaces), and an e-mail no white space or invisible
-- character anywhere (core.is_email's expression)
select throws_ok($$update hr.employees set full_name = E'\t\n' where id = (select id from hr.employees order by id limit 1)$$,
                 '23514', 'new row for relation "employees" violates check constraint "employees_full_name_not_blank"',
                 'an employee''s name of a tab and a line break is refused');
select throws_ok($$update hr.employees set email = E'ann\u00a0lee@hr.demo' where id = (select id from hr.employees order by id limit 1)$$,
                 '23514', 'new row for relation "employees" violates check constraint "employees_email_is_plausible"',
                 'an employee''s e-mail holding a no-break space is refused');
select throws_ok($$update hr.employees set terminated_on = hired_on, termination_reason = E'\u2028\u00a0'
                   where id = (select id from hr.employees order by id limit 1)$$,
                 '23514', 'new row for relation "employees" violates check constraint "employees_termination_reason_is_plausible"',
                 'a termination reason of a line separator and a no-break space is refused');
select throws_ok($$update hr.applications set full_name = E'\n' where id = (select id from hr.applications order by id limit 1)$$,
                 '23514', 'new row for relation "applications" violates check constraint "applications_full_name_not_blank"',
                 'an applicant''s name of a line break is refused');
select throws_ok($$update hr.applications set email = E'x\u200b@example.ch' where id = (select id from hr.applications order by id limit 1)$$,
                 '23514', 'new row for relation "applications" violates check constraint "applications_email_is_plausible"',
                 'an applicant''s e-mail holding a zero-width space is refused');
select throws_ok($$update hr.job_postings set title = E'\t' where id = (select id from hr.job_postings order by id limit 1)$$,
                 '23514', 'new row for relation "job_postings" violates check constraint "job_postings_title_not_blank"',
                 'a job title of a tab is refused');
select throws_ok($$update hr.positions set title = E'\u3000' where id = (select id from hr.positions order by id limit 1)$$,
                 '23514', 'new row for relation "positions" violates check constraint "positions_title_not_blank"',
                 'a position''s title of an ideographic space is refused');
select throws_ok($$update hr.punches set edited_at = now(), edited_by = (select id from core.users where email = 'manager.frontdesk@hr.demo'),
                          edit_reason = E'\n\r\n'
                   where id = (select id from hr.punches where edited_at is null order by id limit 1)$$,
                 '23514', 'new row for relation "punches" violates check constraint "punches_edit_is_complete"',
                 'a punch edit whose reason is line breaks is refused');
select lives_ok($$update hr.job_postings set title = E'\tCook\n' where id = (select id from hr.job_postings order by id limit 1)$$,
                'a title with a visible character between white space is accepted');
select is((select title from hr.job_postings order by id limit 1), E'\tCook\n', 'and it reads back as written');

-- and what core.has_text counts as none beyond white space: the invisible
-- characters (a soft hyphen, a zero-width space, a word joiner) and those
-- drawn as nothing (the blank Braille pattern, the musical null notehead)
select throws_ok($$update hr.hotels set name = U&'\00AD' where id = (select id from hr.hotels order by id limit 1)$$,
                 '23514', 'new row for relation "hotels" violates check constraint "hotels_name_not_blank"',
                 'a hotel''s name of a soft hyphen is refused');
select throws_ok($$update hr.departments set name = U&'\2800' where id = (select id from hr.departments order by id limit 1)$$,
                 '23514', 'new row for relation "departments" violates check constraint "departments_name_not_blank"',
                 'a department''s name of a blank Braille pattern is refused');
select throws_ok($$update hr.positions set title = U&'\200B' where id = (select id from hr.positions order by id limit 1)$$,
                 '23514', 'new row for relation "positions" violates check constraint "positions_title_not_blank"',
                 'a position''s title of a zero-width space is refused');
select throws_ok($$update hr.employees set full_name = U&'\2060\+01D159' where id = (select id from hr.employees order by id limit 1)$$,
                 '23514', 'new row for relation "employees" violates check constraint "employees_full_name_not_blank"',
                 'an employee''s name of a word joiner and a musical null notehead is refused');
select throws_ok($$update hr.employees set terminated_on = hired_on, termination_reason = U&'\2800\00AD'
                   where id = (select id from hr.employees order by id limit 1)$$,
                 '23514', 'new row for relation "employees" violates check constraint "employees_termination_reason_is_plausible"',
                 'a termination reason of a blank Braille pattern and a soft hyphen is refused');
select throws_ok($$update hr.punches set edited_at = now(), edited_by = (select id from core.users where email = 'manager.frontdesk@hr.demo'),
                          edit_reason = U&'\00AD\200B'
                   where id = (select id from hr.punches where edited_at is null order by id limit 1)$$,
                 '23514', 'new row for relation "punches" violates check constraint "punches_edit_is_complete"',
                 'a punch edit whose reason is a soft hyphen and a zero-width space is refused');
select lives_ok($$update hr.hotels set name = U&'Grand\00ADhotel' where id = (select id from hr.hotels order by id limit 1)$$,
                'a hotel''s name that shows, a soft hyphen inside it, is accepted (control)');
select is((select name from hr.hotels order by id limit 1), U&'Grand\00ADhotel', 'and it reads back as written');

-- time
select throws_ok($$update hr.shifts set ends_at = starts_at where id = (select id from hr.shifts where status = 'scheduled' order by id limit 1)$$,
                 '23514', 'new row for relation "shifts" violates check constraint "shifts_ends_after_start"',
                 'a shift that ends when it starts is refused');

-- punches_out_after_in: every part of a closed punch that hr_private.pay_lines
-- pays is a positive length of time only because a clock-out lies strictly
-- after its clock-in; pinned from both ends of a closed seed punch, reversed,
-- on insert, and with the least positive punch (one microsecond) accepted
select set_config('t.punch', (select id::text from hr.punches where clock_out_at is not null order by id limit 1), true);
select isnt(current_setting('t.punch'), '', 'the seed holds a closed punch to write to');
select throws_ok($$update hr.punches set clock_out_at = clock_in_at where id = current_setting('t.punch')::uuid$$,
                 '23514', 'new row for relation "punches" violates check constraint "punches_out_after_in"',
                 'a clock-out at the very instant of the clock-in is refused');
select throws_ok($$update hr.punches set clock_in_at = clock_out_at where id = current_setting('t.punch')::uuid$$,
                 '23514', 'new row for relation "punches" violates check constraint "punches_out_after_in"',
                 'so is a clock-in moved onto the clock-out');
select throws_ok($$update hr.punches set clock_out_at = clock_in_at - interval '1 microsecond' where id = current_setting('t.punch')::uuid$$,
                 '23514', 'new row for relation "punches" violates check constraint "punches_out_after_in"',
                 'and a clock-out before the clock-in');
select throws_ok($$insert into hr.punches (tenant_id, employee_id, clock_in_at, clock_out_at)
                   select tenant_id, employee_id, timestamptz '2000-01-03 09:00:00+00', timestamptz '2000-01-03 09:00:00+00'
                   from hr.punches where id = current_setting('t.punch')::uuid$$,
                 '23514', 'new row for relation "punches" violates check constraint "punches_out_after_in"',
                 'a new punch of no length is refused too');
select lives_ok($$update hr.punches set clock_out_at = clock_in_at + interval '1 microsecond' where id = current_setting('t.punch')::uuid$$,
                'a clock-out one microsecond after the clock-in is accepted');
select is((select clock_out_at - clock_in_at from hr.punches where id = current_setting('t.punch')::uuid), interval '1 microsecond',
          'and the punch reads back one microsecond long');

select throws_ok($$update hr.leave_requests set hours = 0 where id = (select id from hr.leave_requests order by id limit 1)$$,
                 '23514', 'new row for relation "leave_requests" violates check constraint "leave_requests_hours_are_positive"',
                 'a leave request of 0 hours is refused');

-- payroll
select set_config('t.run', (select id::text from hr.payroll_runs order by id limit 1), true);
select lives_ok($$update hr.payroll_runs set period_end = period_start where id = current_setting('t.run')::uuid$$,
                'a payroll run over one day (period_end = period_start) is accepted');
select is((select period_end - period_start from hr.payroll_runs where id = current_setting('t.run')::uuid), 0,
          'and it reads back as one day');

select set_config('t.slip', (select id::text from hr.payslips where overtime_hours > 0 and overtime_pay > 0 order by id limit 1), true);
select isnt(current_setting('t.slip'), '', 'the seed holds a payslip with overtime to write to');
select lives_ok($$update hr.payslips set regular_hours = 0 where id = current_setting('t.slip')::uuid$$,
                'a payslip of 0 regular hours is accepted');
select is((select regular_hours from hr.payslips where id = current_setting('t.slip')::uuid), 0.00,
          'and it reads back as 0 regular hours');
select lives_ok($$update hr.payslips set overtime_hours = 0 where id = current_setting('t.slip')::uuid$$,
                'a payslip of 0 overtime hours is accepted');
select is((select overtime_hours from hr.payslips where id = current_setting('t.slip')::uuid), 0.00,
          'and it reads back as 0 overtime hours');
select lives_ok($$update hr.payslips set regular_pay = 0, gross_pay = overtime_pay where id = current_setting('t.slip')::uuid$$,
                'a payslip of 0 regular pay (its gross the overtime pay) is accepted');
select is((select regular_pay from hr.payslips where id = current_setting('t.slip')::uuid), 0.00,
          'and it reads back as 0 regular pay');
select lives_ok($$update hr.payslips set overtime_pay = 0, gross_pay = regular_pay where id = current_setting('t.slip')::uuid$$,
                'a payslip of 0 overtime pay (its gross the regular pay) is accepted');
select is((select overtime_pay from hr.payslips where id = current_setting('t.slip')::uuid), 0.00,
          'and it reads back as 0 overtime pay');

select * from finish();
rollback;
