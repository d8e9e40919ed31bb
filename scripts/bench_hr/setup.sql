-- Setup of the hotel HR benchmark, run once as the superuser in one
-- transaction with bench.scale set: scaled staff (seed.generate_hr; scale 0
-- keeps the seed's own staff), then one request target per generated
-- employee.
select seed.generate_hr(scales.scale)
from (select coalesce(nullif(current_setting('bench.scale', true), ''), '1')::int as scale) as scales
where scales.scale >= 1;

create schema bench_hr;

-- schedule_shift: an admin (PostgREST role hr_admin) schedules a generated
-- adult employee into a position of their hotel that needs no certificate;
-- request k of the run (the sequence, from 0) goes to employee k mod rows + 1,
-- 50 h after that employee's previous one, so no two shifts of one employee
-- overlap, rest is always over 11 h and no workweek holds more than four 8 h
-- shifts: every check runs and passes. Taking the employees in turn (not at
-- random with one global 50 h step) keeps a run within weeks of base_at, far
-- inside the group's scheduling horizon (hr.scheduling_rules, 366 days); and
-- while the bench runs Demo Hotels plans up to ten years ahead (its own rule
-- row from yesterday, removed by teardown.sql), so that no machine is fast
-- enough to reach it: the horizon is checked on every request all the same.
create table bench_hr.horizon (
    rule_id int not null
);
with rule as (
    insert into hr.scheduling_rules (tenant_id, effective_from, horizon_days)
    select tenants.id, current_date - 1, 3660
    from core.tenants as tenants
    where tenants.app = 'hr' and tenants.name = 'Demo Hotels'
    on conflict on constraint scheduling_rules_rule_key do update set horizon_days = excluded.horizon_days
    returning scheduling_rules.id)
insert into bench_hr.horizon (rule_id)
select rule.id from rule;

create table bench_hr.params (
    n int primary key,
    claims text not null,
    employee_id uuid not null,
    position_id uuid not null,
    base_at timestamptz not null
);
create sequence bench_hr.slots;

insert into bench_hr.params (n, claims, employee_id, position_id, base_at)
select pg_catalog.row_number() over (order by employees.id),
       pg_catalog.jsonb_build_object('role', admins.role, 'sub', admins.id::text, 'email', admins.email, 'app', 'hr')::text,
       employees.id,
       positions.id,
       pg_catalog.date_trunc('day', now()) + interval '60 days'
from hr.employees as employees
join core.users as admins on admins.email = 'admin@hr.demo'
cross join lateral (
    select positions.id
    from hr.positions as positions
    join hr.departments as departments on departments.id = positions.department_id
    where departments.hotel_id = employees.hotel_id
      and not exists (select from hr.position_certifications as required where required.position_id = positions.id)
    order by positions.department_id = employees.department_id desc, positions.title
    limit 1) as positions
where employees.email like '%@harbor.hr.demo' or employees.email like '%@alpine.hr.demo';

-- payroll: payroll@hr.demo runs Harbor View over the two finished workweeks
-- the seed left unpaid; employees is how many have hours in them
create table bench_hr.payroll (
    claims text not null,
    hotel_id uuid not null,
    period_start date not null,
    period_end date not null,
    employees int not null
);
insert into bench_hr.payroll (claims, hotel_id, period_start, period_end, employees)
select pg_catalog.jsonb_build_object('role', users.role, 'sub', users.id::text, 'email', users.email, 'app', 'hr')::text,
       hotels.id,
       weeks.this_week - 14,
       weeks.this_week - 1,
       (select pg_catalog.count(distinct lines.employee_id)::int
        from hr_private.pay_lines(hotels.id, weeks.this_week - 14, weeks.this_week - 1) as lines)
from hr.hotels as hotels
cross join lateral (select hr_private.week_start((now() at time zone hotels.time_zone)::date, hotels.workweek_starts_on) as this_week) as weeks
join core.users as users on users.email = 'payroll@hr.demo'
where hotels.name = 'Harbor View';

-- shifts_week: emp1@hr.demo (PostgREST role hr_employee) reads their hotel's
-- shifts of this workweek through hr_api.shifts: the policy
-- shifts_select_colleague filters every row (hotel, not cancelled,
-- published); the reference reads the same rows as the table owner
create table bench_hr.shift_reader (
    claims text not null,
    hotel_id uuid not null,
    from_at timestamptz not null,
    to_at timestamptz not null
);
insert into bench_hr.shift_reader (claims, hotel_id, from_at, to_at)
select pg_catalog.jsonb_build_object('role', users.role, 'sub', users.id::text, 'email', users.email, 'app', 'hr')::text,
       hotels.id,
       weeks.this_week::timestamp at time zone hotels.time_zone,
       (weeks.this_week + 7)::timestamp at time zone hotels.time_zone
from core.users as users
join hr.employees as employees on employees.user_id = users.id
join hr.hotels as hotels on hotels.id = employees.hotel_id
cross join lateral (select hr_private.week_start((now() at time zone hotels.time_zone)::date, hotels.workweek_starts_on) as this_week) as weeks
where users.email = 'emp1@hr.demo';

-- punches_own: emp1@hr.demo reads their own punches of the last 14 days
-- (their time sheet); employee_id is the reference's only
create table bench_hr.punch_reader (
    claims text not null,
    employee_id uuid not null,
    from_at timestamptz not null
);
insert into bench_hr.punch_reader (claims, employee_id, from_at)
select pg_catalog.jsonb_build_object('role', users.role, 'sub', users.id::text, 'email', users.email, 'app', 'hr')::text,
       employees.id,
       pg_catalog.date_trunc('day', now()) - interval '14 days'
from core.users as users
join hr.employees as employees on employees.user_id = users.id
where users.email = 'emp1@hr.demo';
