-- Pay rules in force on the day: an overtime rule or a minimum wage that
-- takes effect on a local day governs the hours worked on that very day, and
-- a local day the hotel's zone skipped holds no hour; the tip credit covers
-- a tipped employee's hours on a tipped position only. The suite has a hotel
-- of its own on Samoa time (Pacific/Apia, which skipped 2011-12-30 when it
-- moved across the date line), so that no other suite's payroll run waits on
-- it, and works in 2011 and 2012, before anything the seed wrote.
begin;
select plan(19);

insert into hr.hotels (tenant_id, name, jurisdiction, time_zone, workweek_starts_on, currency)
select id, 'Reef Samoa', 'US', 'Pacific/Apia', 1, 'USD' from core.tenants where app = 'hr' and name = 'Demo Hotels';
insert into hr.departments (tenant_id, hotel_id, name)
select tenant_id, id, 'Housekeeping' from hr.hotels where name = 'Reef Samoa';

-- Otto: 20.00 since 2011, 10 h a day from Monday 2012-06-04 to Friday
-- 2012-06-08; the group's own US overtime rule of 36 h at 2x (instead of the
-- default 40 h at 1.5x) takes effect on that Friday
select set_config('t.otto', tests.hr_add_employee('Reef Samoa', 'Housekeeping', 'rules.otto@reef.test', 'Otto Overtime', date '1980-01-01', 20.00)::text, true);
insert into hr.pay_rates (tenant_id, employee_id, effective_from, hourly_rate)
select tenant_id, id, date '2011-01-01', 20.00 from hr.employees where id = current_setting('t.otto')::uuid;
select tests.hr_add_punch(current_setting('t.otto')::uuid, (date '2012-06-04' + d) + time '07:00', (date '2012-06-04' + d) + time '17:00')
from generate_series(0, 4) as d;
insert into hr.overtime_rules (tenant_id, jurisdiction, effective_from, weekly_threshold_hours, multiplier)
select id, 'US', date '2012-06-08', 36, 2 from core.tenants where app = 'hr' and name = 'Demo Hotels';

select tests.act_as('payroll@hr.demo');
select lives_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Reef Samoa'), date '2012-06-04', date '2012-06-10')$$,
                'payroll runs the week in which the group''s overtime rule changes');
select results_eq(
    $$select regular_hours, overtime_hours, regular_pay, overtime_pay
      from hr_api.payslips where employee_id = current_setting('t.otto')::uuid$$,
    $$values (40.00::numeric, 10.00::numeric, 800.00::numeric, 400.00::numeric)$$,
    'an overtime rule governs the hours of the day it takes effect: Monday to Thursday''s 40 h are regular under 40 h at 1.5x, Friday''s 10 h all overtime under 36 h at 2x (10 h x (20 + 1 x 20) = 400, not 10 h x 30 = 300 under the old rule, nor 4 h of Thursday already overtime)');

-- Wendy: 8.50 since 2011, 8 h on Wednesday 2012-06-13 and on Thursday
-- 2012-06-14, the day the US minimum wage rises from 7.25 to 9.00
reset role;
select set_config('t.wendy', tests.hr_add_employee('Reef Samoa', 'Housekeeping', 'rules.wendy@reef.test', 'Wendy Wage', date '1985-01-01', 8.50)::text, true);
insert into hr.pay_rates (tenant_id, employee_id, effective_from, hourly_rate)
select tenant_id, id, date '2011-01-01', 8.50 from hr.employees where id = current_setting('t.wendy')::uuid;
select tests.hr_add_punch(current_setting('t.wendy')::uuid, (date '2012-06-13' + d) + time '09:00', (date '2012-06-13' + d) + time '17:00')
from generate_series(0, 1) as d;
insert into hr.wage_rules (jurisdiction, effective_from, minimum_wage, tip_credit, currency)
values ('US', date '2012-06-14', 9.00, 5.12, 'USD');

select tests.act_as('payroll@hr.demo');
select throws_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Reef Samoa'), date '2012-06-11', date '2012-06-17')$$,
                 'P0001', 'Wendy Wage would be paid below the minimum wage in force for hours in the period',
                 'hours at 8.50 on the very day the minimum wage rises to 9.00 are refused (P0001)');
select is((select count(*) from hr_api.payroll_runs where hotel_id = tests.hr_hotel_id('Reef Samoa') and period_start = date '2012-06-11'),
          0::bigint, 'and no run was written');
-- without Thursday's hours the week is paid: on Wednesday 7.25 was in force
reset role;
delete from hr.punches
where employee_id = current_setting('t.wendy')::uuid and clock_in_at >= tests.hr_at('Reef Samoa', timestamp '2012-06-14 00:00');
select tests.act_as('payroll@hr.demo');
select lives_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Reef Samoa'), date '2012-06-11', date '2012-06-17')$$,
                'the same week without Thursday''s hours is paid');
select results_eq(
    $$select regular_hours, regular_pay from hr_api.payslips where employee_id = current_setting('t.wendy')::uuid$$,
    $$values (8.00::numeric, 68.00::numeric)$$,
    'Wednesday''s 8 h at 8.50, above the 7.25 in force the day before the rise');

-- Sam: 10.00, but 5.00 dated 2011-12-30 (below the minimum wage, as an
-- import might have written it) and 10.00 again from 2011-12-31; a punch
-- from the 29th at 22:00 to the 31st at 02:00, local time
reset role;
select set_config('t.sam', tests.hr_add_employee('Reef Samoa', 'Housekeeping', 'rules.sam@reef.test', 'Sam Skip', date '1990-01-01', 10.00)::text, true);
insert into hr.pay_rates (tenant_id, employee_id, effective_from, hourly_rate)
select tenant_id, id, rates.effective_from, rates.hourly_rate
from hr.employees
cross join (values (date '2011-01-01', 10.00), (date '2011-12-30', 5.00), (date '2011-12-31', 10.00)) as rates (effective_from, hourly_rate)
where id = current_setting('t.sam')::uuid;
select tests.hr_add_punch(current_setting('t.sam')::uuid, timestamp '2011-12-29 22:00', timestamp '2011-12-31 02:00');
select is((select clock_out_at - clock_in_at from hr.punches where employee_id = current_setting('t.sam')::uuid), interval '4 hours',
          'Samoa skipped 2011-12-30: from the 29th at 22:00 to the 31st at 02:00 is 4 h');

select tests.act_as('payroll@hr.demo');
select lives_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Reef Samoa'), date '2011-12-26', date '2012-01-01')$$,
                'the week across the skipped day is paid: the rate dated the skipped day applies to no hour, so nothing is below the minimum wage');
select results_eq(
    $$select regular_hours, overtime_hours, regular_pay from hr_api.payslips where employee_id = current_setting('t.sam')::uuid$$,
    $$values (4.00::numeric, 0.00::numeric, 40.00::numeric)$$,
    'the skipped day holds no hour: 2 h on the 29th and 2 h on the 31st, at 10.00');

-- Tia: a tipped server at the US cash wage 2.13 since 2011. The tip credit
-- covers tipped work only (29 CFR 531.56(e)): hours on her shift as a
-- Receptionist, a position that is not tipped, have the full minimum wage
-- (7.25) as their floor, so a week holding them is refused, as any other
-- hour below the minimum wage; hours on her Server shift and a punch without
-- a shift (her own position, Server) are paid at the cash wage
reset role;
insert into hr.departments (tenant_id, hotel_id, name)
select hotels.tenant_id, hotels.id, names.name
from hr.hotels as hotels
cross join (values ('Restaurant'), ('Front Desk')) as names (name)
where hotels.name = 'Reef Samoa';
insert into hr.positions (tenant_id, department_id, title, is_tipped)
select departments.tenant_id, departments.id, titles.title, titles.is_tipped
from hr.departments as departments
join (values ('Restaurant', 'Server', true), ('Restaurant', 'Bartender', true), ('Front Desk', 'Receptionist', false)) as titles (department, title, is_tipped)
    on titles.department = departments.name
where departments.hotel_id = tests.hr_hotel_id('Reef Samoa');
select set_config('t.tia', tests.hr_add_employee('Reef Samoa', 'Restaurant', 'rules.tia@reef.test', 'Tia Tipped', date '1990-01-01', 2.13, true)::text, true);
insert into hr.pay_rates (tenant_id, employee_id, effective_from, hourly_rate)
select tenant_id, id, date '2011-01-01', 2.13 from hr.employees where id = current_setting('t.tia')::uuid;
-- a published shift of Tia's in a position of Reef Samoa at local times, and her punch on it
create function pg_temp.worked_shift(title text, local_start timestamp, local_end timestamp)
returns uuid
language sql
volatile
as $$
    with shift as (
        insert into hr.shifts (tenant_id, hotel_id, department_id, position_id, employee_id, starts_at, ends_at, status, published_at)
        select employees.tenant_id, employees.hotel_id, positions.department_id, positions.id, employees.id,
               tests.hr_at('Reef Samoa', worked_shift.local_start), tests.hr_at('Reef Samoa', worked_shift.local_end), 'scheduled', now()
        from hr.employees as employees
        join hr.positions as positions on positions.id = tests.hr_position_id('Reef Samoa', worked_shift.title)
        where employees.id = current_setting('t.tia')::uuid
        returning shifts.id, shifts.tenant_id, shifts.employee_id, shifts.starts_at, shifts.ends_at
    )
    insert into hr.punches (tenant_id, employee_id, shift_id, clock_in_at, clock_out_at)
    select shift.tenant_id, shift.employee_id, shift.id, shift.starts_at, shift.ends_at
    from shift
    returning punches.shift_id
$$;
select pg_temp.worked_shift('Receptionist', timestamp '2011-11-08 10:00', timestamp '2011-11-08 16:00');
select pg_temp.worked_shift('Server', timestamp '2011-11-15 10:00', timestamp '2011-11-15 16:00');
select tests.hr_add_punch(current_setting('t.tia')::uuid, timestamp '2011-11-16 18:00', timestamp '2011-11-16 20:00');

select tests.act_as('payroll@hr.demo');
select throws_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Reef Samoa'), date '2011-11-07', date '2011-11-13')$$,
                 'P0001', 'Tia Tipped would be paid below the minimum wage in force for hours in the period',
                 'a tipped server at the cash wage 2.13 with 6 h on a Receptionist shift (not tipped, floor 7.25) is refused (P0001)');
select is((select count(*) from hr_api.payroll_runs where hotel_id = tests.hr_hotel_id('Reef Samoa') and period_start = date '2011-11-07'),
          0::bigint, 'and no run was written');
select lives_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Reef Samoa'), date '2011-11-14', date '2011-11-20')$$,
                'her week with a Server shift (tipped) and a punch without a shift (her own position, tipped) is paid');
select results_eq(
    $$select regular_hours, overtime_hours, regular_pay from hr_api.payslips
      where employee_id = current_setting('t.tia')::uuid and run_id = (select id from hr_api.payroll_runs where hotel_id = tests.hr_hotel_id('Reef Samoa')
                                                                            and period_start = date '2011-11-14')$$,
    $$values (8.00::numeric, 0.00::numeric, 17.04::numeric)$$,
    '6 h on the Server shift and 2 h without a shift, at the cash wage: 8 h x 2.13');

-- tipped work is decided by the shifts a punch covers, not by the one it is
-- linked to: one punch from 10:00 to 17:00 across her Bartender shift
-- (10:00-11:00) and a Receptionist shift (11:00-17:00), linked to the first
-- as clock_in links it, holds 6 h of work that is not tipped
reset role;
create function pg_temp.tia_shift(title text, local_start timestamp, local_end timestamp)
returns uuid
language sql
volatile
as $$
    insert into hr.shifts (tenant_id, hotel_id, department_id, position_id, employee_id, starts_at, ends_at, status, published_at)
    select employees.tenant_id, employees.hotel_id, positions.department_id, positions.id, employees.id,
           tests.hr_at('Reef Samoa', tia_shift.local_start), tests.hr_at('Reef Samoa', tia_shift.local_end), 'scheduled', now()
    from hr.employees as employees
    join hr.positions as positions on positions.id = tests.hr_position_id('Reef Samoa', tia_shift.title)
    where employees.id = current_setting('t.tia')::uuid
    returning shifts.id
$$;
create function pg_temp.tia_punch(shift_id uuid, local_in timestamp, local_out timestamp)
returns void
language sql
volatile
as $$
    insert into hr.punches (tenant_id, employee_id, shift_id, clock_in_at, clock_out_at)
    select employees.tenant_id, employees.id, tia_punch.shift_id,
           tests.hr_at('Reef Samoa', tia_punch.local_in), tests.hr_at('Reef Samoa', tia_punch.local_out)
    from hr.employees as employees
    where employees.id = current_setting('t.tia')::uuid
$$;
select pg_temp.tia_punch(pg_temp.tia_shift('Bartender', timestamp '2011-11-22 10:00', timestamp '2011-11-22 11:00'),
                         timestamp '2011-11-22 10:00', timestamp '2011-11-22 17:00');
select pg_temp.tia_shift('Receptionist', timestamp '2011-11-22 11:00', timestamp '2011-11-22 17:00');
select tests.act_as('payroll@hr.demo');
select throws_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Reef Samoa'), date '2011-11-21', date '2011-11-27')$$,
                 'P0001', 'Tia Tipped would be paid below the minimum wage in force for hours in the period',
                 'one punch at the cash wage across a Bartender and a Receptionist shift, linked to the Bartender one, is refused (P0001): its 6 h on the Receptionist shift are not tipped work');
select is((select count(*) from hr_api.payroll_runs where hotel_id = tests.hr_hotel_id('Reef Samoa') and period_start = date '2011-11-21'),
          0::bigint, 'and no run was written');
-- a punch that runs an hour past her tipped shift, with no shift after it:
-- the hour outside the shift is not tipped work either
reset role;
select pg_temp.tia_punch(pg_temp.tia_shift('Server', timestamp '2011-12-06 10:00', timestamp '2011-12-06 12:00'),
                         timestamp '2011-12-06 10:00', timestamp '2011-12-06 13:00');
select tests.act_as('payroll@hr.demo');
select throws_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Reef Samoa'), date '2011-12-05', date '2011-12-11')$$,
                 'P0001', 'Tia Tipped would be paid below the minimum wage in force for hours in the period',
                 'a punch at the cash wage an hour past the end of a Server shift is refused (P0001): the hour after the shift is not tipped work');
-- control: one punch within her Bartender shift, give or take the minutes
-- a time clock records around it, is tipped work at the cash wage
reset role;
select pg_temp.tia_punch(pg_temp.tia_shift('Bartender', timestamp '2011-11-29 10:00', timestamp '2011-11-29 16:00'),
                         timestamp '2011-11-29 09:55', timestamp '2011-11-29 16:05');
select tests.act_as('payroll@hr.demo');
select lives_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Reef Samoa'), date '2011-11-28', date '2011-12-04')$$,
                'a punch within her Bartender shift (5 minutes early, 5 minutes late) is paid at the cash wage');
select results_eq(
    $$select regular_hours, regular_pay from hr_api.payslips
      where employee_id = current_setting('t.tia')::uuid and run_id = (select id from hr_api.payroll_runs where hotel_id = tests.hr_hotel_id('Reef Samoa')
                                                                            and period_start = date '2011-11-28')$$,
    $$values (6.17::numeric, 13.14::numeric)$$,
    '6 h 10 min of tipped work at 2.13 (6 1/6 h x 2.13 = 13.135)');

-- at the full minimum wage from 2011-11-07 her Receptionist hours are paid too
reset role;
update hr.pay_rates set hourly_rate = 7.25 where employee_id = current_setting('t.tia')::uuid and effective_from = date '2011-01-01';
select tests.act_as('payroll@hr.demo');
select lives_ok($$select hr_api.run_payroll(tests.hr_hotel_id('Reef Samoa'), date '2011-11-07', date '2011-11-13')$$,
                'at the full minimum wage her Receptionist week is paid');

select * from finish();
rollback;
