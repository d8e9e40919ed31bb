-- The row level security policies of the hr reference tables, tested at the
-- table itself: hr_reader (the owner of the hr_private views) reads the
-- rule tables (working_time_rules, minor_rules, overtime_rules, wage_rules,
-- leave_accrual_rules, scheduling_rules) and the organisation tables
-- (hotels, departments, positions, position_certifications, school_days)
-- directly. The API views filter by tenant on their own, so only a read of
-- the table shows what the policy itself keeps back.
--
-- How: as the test superuser the suite writes, in each rule table, one
-- override row for each of the two hotel groups (Demo Hotels and Other
-- Hotels; the seed holds the default rows, with a null tenant, and Demo
-- Hotels' own scheduling rule). The seed already gives both groups hotels,
-- departments, positions, position certifications and school calendars.
-- tests.rows_seen (tests/setup/020_policies.sql) counts, table by table,
-- the rows the calling role sees of one group (own), the defaults (null
-- tenant) and the rows of every other tenant (others). Read as the
-- superuser for each group it gives every row there is (the table
-- everything), and shows that the other group's rows to hide exist. Then
-- the suite acts as a user of one group (tests.act_as sets the claims),
-- switches to hr_reader (`set local role hr_reader`, allowed because the
-- session user is the superuser) and compares its whole read, over all the
-- tables, with what it must see:
-- - a rule table shows every default and every row of the group (its own
--   override), never the other group's;
-- - the organisation tables show every row of the group, never the other
--   group's;
-- - with no tenant in the claims (anonymous) the rule tables show the
--   defaults only and the organisation tables nothing.
-- Each others count would rise above 0 if its policy's expression were
-- `true`, and each own or defaults count would fall to 0 if the policy
-- were dropped: the positive control in the same role and claims.
begin;
select plan(6);

select set_config('t.demo', (select id::text from core.tenants where app = 'hr' and name = 'Demo Hotels'), true);
select set_config('t.other', (select id::text from core.tenants where app = 'hr' and name = 'Other Hotels'), true);
select set_config('t.tables',
                  '{hr.departments,hr.hotels,hr.leave_accrual_rules,hr.minor_rules,hr.overtime_rules,'
                  'hr.position_certifications,hr.positions,hr.scheduling_rules,hr.school_days,hr.wage_rules,'
                  'hr.working_time_rules}',
                  true);

-- one override row per group in each rule table (from 2030, so that no
-- rule the seed's data falls under changes)
insert into hr.working_time_rules (tenant_id, jurisdiction, effective_from, minimum_age, min_rest_hours, max_weekly_hours)
select tenants.id, 'US', date '2030-01-01', 16, 10, 45
from core.tenants as tenants where tenants.id in (current_setting('t.demo')::uuid, current_setting('t.other')::uuid);
insert into hr.minor_rules (tenant_id, jurisdiction, effective_from, min_age, max_age,
                            school_day_max_hours, school_week_max_hours, non_school_day_max_hours, non_school_week_max_hours,
                            earliest_start, latest_end, summer_latest_end, summer_starts_month, summer_starts_day)
select tenants.id, 'US', date '2030-01-01', 14, 15, 2, 15, 6, 30, time '08:00', time '18:00', time '20:00', 6, 15
from core.tenants as tenants where tenants.id in (current_setting('t.demo')::uuid, current_setting('t.other')::uuid);
insert into hr.overtime_rules (tenant_id, jurisdiction, effective_from, weekly_threshold_hours, multiplier)
select tenants.id, 'US', date '2030-01-01', 38, 2
from core.tenants as tenants where tenants.id in (current_setting('t.demo')::uuid, current_setting('t.other')::uuid);
insert into hr.wage_rules (tenant_id, jurisdiction, effective_from, minimum_wage, tip_credit, currency)
select tenants.id, 'US', date '2030-01-01', 9.00, 5.12, 'USD'
from core.tenants as tenants where tenants.id in (current_setting('t.demo')::uuid, current_setting('t.other')::uuid);
insert into hr.leave_accrual_rules (tenant_id, jurisdiction, effective_from, kind, hours_per_hour_worked)
select tenants.id, 'US', date '2030-01-01', 'sick', 0.04
from core.tenants as tenants where tenants.id in (current_setting('t.demo')::uuid, current_setting('t.other')::uuid);
insert into hr.scheduling_rules (tenant_id, effective_from, horizon_days)
select tenants.id, date '2030-01-01', 366
from core.tenants as tenants where tenants.id in (current_setting('t.demo')::uuid, current_setting('t.other')::uuid);

-- what the superuser sees: every row of each table, by group
create temp table everything as
select 'demo'::text as hotel_group, seen.*
from tests.rows_seen(current_setting('t.tables')::regclass[], current_setting('t.demo')::uuid) as seen
union all
select 'other', seen.*
from tests.rows_seen(current_setting('t.tables')::regclass[], current_setting('t.other')::uuid) as seen;
grant select on everything to public;

select is_empty($$select hotel_group, name from everything where own = 0 or others = 0
                  or (name like 'hr.%rules' and defaults = 0)$$,
                'each group has rows of its own in every table (rows for the other group to be kept from), '
                'and every rule table has defaults');
select set_eq($$select name, own from everything where hotel_group = 'demo' and name like 'hr.%rules'$$,
              $$values ('hr.leave_accrual_rules', 1::bigint), ('hr.minor_rules', 1::bigint), ('hr.overtime_rules', 1::bigint),
                       ('hr.scheduling_rules', 2::bigint), ('hr.wage_rules', 1::bigint), ('hr.working_time_rules', 1::bigint)$$,
              'Demo Hotels'' own rule rows are the overrides written here (and the seed''s scheduling rule)');

-- an employee of Demo Hotels, reading through hr_reader: every default and
-- every row of Demo Hotels (its own overrides, certificates, school days,
-- hotels, departments, positions), none of Other Hotels'
select tests.act_as('emp1@hr.demo');
set local role hr_reader;
select set_eq($$select name, own, defaults, others
                from tests.rows_seen(current_setting('t.tables')::regclass[], current_setting('t.demo')::uuid)$$,
              $$select name, own, defaults, 0::bigint as others from everything where hotel_group = 'demo'$$,
              'hr_reader acting for Demo Hotels sees the defaults and every row of Demo Hotels, none of Other Hotels''');

-- no tenant in the claims: the defaults only, no group's row
select tests.act_as_anon();
set local role hr_reader;
select set_eq($$select name, own, defaults, others
                from tests.rows_seen(current_setting('t.tables')::regclass[], null)$$,
              $$select name, 0::bigint as own, defaults, 0::bigint as others from everything where hotel_group = 'demo'$$,
              'hr_reader with no tenant in the claims sees every default of the rule tables and no group''s row');
select is_empty($$select name from everything where hotel_group = 'demo' and name not like 'hr.%rules' and defaults > 0$$,
                'the organisation tables have no row without a tenant: with no tenant in the claims they show nothing');

-- the other way round: Other Hotels' admin sees its own rows, none of Demo Hotels'
select tests.act_as('admin@other-hr.demo');
set local role hr_reader;
select set_eq($$select name, own, defaults, others
                from tests.rows_seen(current_setting('t.tables')::regclass[], current_setting('t.other')::uuid)$$,
              $$select name, own, defaults, 0::bigint as others from everything where hotel_group = 'other'$$,
              'hr_reader acting for Other Hotels sees the defaults and every row of Other Hotels, none of Demo Hotels''');

select * from finish();
rollback;
