-- The row level security policies of the hr reference tables, tested at the
-- table itself: hr_reader (the owner of the hr_private views) reads the
-- rule tables (working_time_rules, minor_rules, overtime_rules, wage_rules,
-- leave_accrual_rules) and the organisation tables position_certifications
-- and school_days directly. The API views filter by tenant on their own, so
-- only a read of the table shows what the policy itself keeps back.
--
-- How: as the test superuser the suite writes, in each rule table, one
-- override row for each of the two hotel groups (Demo Hotels and Other
-- Hotels; the seed holds only the default rows, with a null tenant). The
-- seed already gives both groups position certifications and school
-- calendars. Then it acts as a user of one group (tests.act_as sets the
-- claims) and switches to hr_reader (`set local role hr_reader`, allowed
-- because the session user is the superuser) to read the tables:
-- - a rule table shows the defaults and the group's own override, never the
--   other group's;
-- - position_certifications and school_days show the group's own rows,
--   never the other group's;
-- - with no tenant in the claims (anonymous) the rule tables show only the
--   defaults and the organisation tables nothing.
-- Each hidden-row count would rise above 0 if its policy's expression were
-- `true`; each is beside a positive control read in the same role and claims.
begin;
select plan(27);

select set_config('t.demo', (select id::text from core.tenants where app = 'hr' and name = 'Demo Hotels'), true);
select set_config('t.other', (select id::text from core.tenants where app = 'hr' and name = 'Other Hotels'), true);

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

-- an employee of Demo Hotels, reading through hr_reader
select tests.act_as('emp1@hr.demo');
set local role hr_reader;

select is((select count(*) from hr.working_time_rules where tenant_id = current_setting('t.other')::uuid), 0::bigint,
          'working_time_rules: hr_reader acting for Demo Hotels sees none of Other Hotels'' override rows');
select is((select count(*) from hr.working_time_rules where tenant_id = current_setting('t.demo')::uuid), 1::bigint,
          'working_time_rules: and sees Demo Hotels'' own override row');
select ok((select count(*) from hr.working_time_rules where tenant_id is null) > 0,
          'working_time_rules: and sees the default rows (null tenant)');

select is((select count(*) from hr.minor_rules where tenant_id = current_setting('t.other')::uuid), 0::bigint,
          'minor_rules: hr_reader acting for Demo Hotels sees none of Other Hotels'' override rows');
select is((select count(*) from hr.minor_rules where tenant_id = current_setting('t.demo')::uuid), 1::bigint,
          'minor_rules: and sees Demo Hotels'' own override row');
select ok((select count(*) from hr.minor_rules where tenant_id is null) > 0,
          'minor_rules: and sees the default rows (null tenant)');

select is((select count(*) from hr.overtime_rules where tenant_id = current_setting('t.other')::uuid), 0::bigint,
          'overtime_rules: hr_reader acting for Demo Hotels sees none of Other Hotels'' override rows');
select is((select count(*) from hr.overtime_rules where tenant_id = current_setting('t.demo')::uuid), 1::bigint,
          'overtime_rules: and sees Demo Hotels'' own override row');
select ok((select count(*) from hr.overtime_rules where tenant_id is null) > 0,
          'overtime_rules: and sees the default rows (null tenant)');

select is((select count(*) from hr.wage_rules where tenant_id = current_setting('t.other')::uuid), 0::bigint,
          'wage_rules: hr_reader acting for Demo Hotels sees none of Other Hotels'' override rows');
select is((select count(*) from hr.wage_rules where tenant_id = current_setting('t.demo')::uuid), 1::bigint,
          'wage_rules: and sees Demo Hotels'' own override row');
select ok((select count(*) from hr.wage_rules where tenant_id is null) > 0,
          'wage_rules: and sees the default rows (null tenant)');

select is((select count(*) from hr.leave_accrual_rules where tenant_id = current_setting('t.other')::uuid), 0::bigint,
          'leave_accrual_rules: hr_reader acting for Demo Hotels sees none of Other Hotels'' override rows');
select is((select count(*) from hr.leave_accrual_rules where tenant_id = current_setting('t.demo')::uuid), 1::bigint,
          'leave_accrual_rules: and sees Demo Hotels'' own override row');
select ok((select count(*) from hr.leave_accrual_rules where tenant_id is null) > 0,
          'leave_accrual_rules: and sees the default rows (null tenant)');

select is((select count(*) from hr.position_certifications where tenant_id = current_setting('t.other')::uuid), 0::bigint,
          'position_certifications: hr_reader acting for Demo Hotels sees none of Other Hotels'' required certificates');
select ok((select count(*) from hr.position_certifications where tenant_id = current_setting('t.demo')::uuid) > 0,
          'position_certifications: and sees Demo Hotels'' own');

select is((select count(*) from hr.school_days where tenant_id = current_setting('t.other')::uuid), 0::bigint,
          'school_days: hr_reader acting for Demo Hotels sees none of Other Hotels'' school calendar');
select ok((select count(*) from hr.school_days where tenant_id = current_setting('t.demo')::uuid) > 0,
          'school_days: and sees Demo Hotels'' own');

-- no tenant in the claims: the defaults only, no group's row
select tests.act_as_anon();
set local role hr_reader;

select is((select count(*) from hr.working_time_rules where tenant_id is not null), 0::bigint,
          'working_time_rules: hr_reader with no tenant in the claims sees no group''s override row');
select is((select count(*) from hr.minor_rules where tenant_id is not null), 0::bigint,
          'minor_rules: hr_reader with no tenant in the claims sees no group''s override row');
select is((select count(*) from hr.overtime_rules where tenant_id is not null), 0::bigint,
          'overtime_rules: hr_reader with no tenant in the claims sees no group''s override row');
select is((select count(*) from hr.wage_rules where tenant_id is not null), 0::bigint,
          'wage_rules: hr_reader with no tenant in the claims sees no group''s override row');
select is((select count(*) from hr.leave_accrual_rules where tenant_id is not null), 0::bigint,
          'leave_accrual_rules: hr_reader with no tenant in the claims sees no group''s override row');
select is((select count(*) from hr.position_certifications), 0::bigint,
          'position_certifications: hr_reader with no tenant in the claims sees nothing');
select is((select count(*) from hr.school_days), 0::bigint,
          'school_days: hr_reader with no tenant in the claims sees nothing');

-- the other way round: Other Hotels' admin sees its own rows, none of Demo Hotels'
select tests.act_as('admin@other-hr.demo');
set local role hr_reader;

select results_eq(
    $$select name, seen_own, seen_demo
      from (select 'working_time_rules' as name,
                   coalesce(bool_or(tenant_id = current_setting('t.other')::uuid), false) as seen_own,
                   coalesce(bool_or(tenant_id = current_setting('t.demo')::uuid), false) as seen_demo
            from hr.working_time_rules
            union all
            select 'minor_rules', coalesce(bool_or(tenant_id = current_setting('t.other')::uuid), false),
                   coalesce(bool_or(tenant_id = current_setting('t.demo')::uuid), false)
            from hr.minor_rules
            union all
            select 'overtime_rules', coalesce(bool_or(tenant_id = current_setting('t.other')::uuid), false),
                   coalesce(bool_or(tenant_id = current_setting('t.demo')::uuid), false)
            from hr.overtime_rules
            union all
            select 'wage_rules', coalesce(bool_or(tenant_id = current_setting('t.other')::uuid), false),
                   coalesce(bool_or(tenant_id = current_setting('t.demo')::uuid), false)
            from hr.wage_rules
            union all
            select 'leave_accrual_rules', coalesce(bool_or(tenant_id = current_setting('t.other')::uuid), false),
                   coalesce(bool_or(tenant_id = current_setting('t.demo')::uuid), false)
            from hr.leave_accrual_rules
            union all
            select 'position_certifications', coalesce(bool_or(tenant_id = current_setting('t.other')::uuid), false),
                   coalesce(bool_or(tenant_id = current_setting('t.demo')::uuid), false)
            from hr.position_certifications
            union all
            select 'school_days', coalesce(bool_or(tenant_id = current_setting('t.other')::uuid), false),
                   coalesce(bool_or(tenant_id = current_setting('t.demo')::uuid), false)
            from hr.school_days) as seen$$,
    $$values ('working_time_rules', true, false), ('minor_rules', true, false), ('overtime_rules', true, false),
             ('wage_rules', true, false), ('leave_accrual_rules', true, false),
             ('position_certifications', true, false), ('school_days', true, false)$$,
    'hr_reader acting for Other Hotels sees its own rows in every one of these tables and none of Demo Hotels''');

select * from finish();
rollback;
