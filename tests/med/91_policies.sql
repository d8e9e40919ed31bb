-- The row level policies of the tables no API view filters alone: the rule
-- tables (vaccines, vaccine_requirements, vaccine_dose_rules), districts,
-- staff and school_assignments, read directly by med_reader (the owner of
-- the private views, for whom the policies are written) under a user's
-- claims, as a private view would read them for that user. The API adds its
-- own tenant filter on top, so only a read at the table shows whether the
-- policy itself keeps the rows back.
-- Each policy: the role sees none of the rows it must not see (another
-- district's rows; for staff and school_assignments, any row for a teacher
-- or a guardian; anything at all without a tenant in the claims or with
-- claims naming no user), beside a positive control in the same role that
-- sees its own district's rows.
--
-- How: tests.rows_seen (tests/setup/020_policies.sql) counts, table by
-- table, the rows the calling role sees of one district (own), of the state
-- (defaults: tenant_id null) and of every other tenant (others). Read once
-- as the test superuser for each district, it gives every row there is
-- (the table everything): what a district's nurse, aide and supervisor must
-- see exactly, all of their district's rows and every state row, and the
-- proof that the other district's rows to hide exist. Each audience's read
-- as med_reader is then compared whole, over all six tables, with that
-- (others always 0), or with 0 where the audience must see nothing.
--
-- Fixtures: the seed holds both districts' districts, staff and
-- assignments; the rule tables hold only the state's rows (tenant_id null),
-- so each district gets an override row of its own here, written as the
-- test superuser. A vaccine's code is its primary key, so the two district
-- vaccines are seeded vaccines turned into district ones (Tdap for Demo,
-- MenACWY for Other).
begin;
select plan(11);

select set_config('tap.demo', (select id::text from core.tenants where app = 'med' and name = 'Demo District'), true);
select set_config('tap.other', (select id::text from core.tenants where app = 'med' and name = 'Other District'), true);
select set_config('tap.tables',
                  '{med.districts,med.school_assignments,med.staff,med.vaccine_dose_rules,med.vaccine_requirements,med.vaccines}',
                  true);

update med.vaccines set tenant_id = current_setting('tap.demo')::uuid where code = 'Tdap';
update med.vaccines set tenant_id = current_setting('tap.other')::uuid where code = 'MenACWY';
insert into med.vaccine_requirements (tenant_id, vaccine, grade_from, grade_to, required_doses, effective_from)
values (current_setting('tap.demo')::uuid, 'HepB', 6, 12, 3, date '2024-07-01'),
       (current_setting('tap.other')::uuid, 'MMR', 0, 12, 3, date '2024-07-01');
insert into med.vaccine_dose_rules (tenant_id, vaccine, dose_number, min_age, min_interval, effective_from)
values (current_setting('tap.demo')::uuid, 'HepB', 2, interval '6 weeks', interval '6 weeks', date '2024-07-01'),
       (current_setting('tap.other')::uuid, 'MMR', 2, interval '4 years', interval '3 months', date '2024-07-01');

-- what the superuser sees: every row of each table, by district
create temp table everything as
select 'demo'::text as district, seen.*
from tests.rows_seen(current_setting('tap.tables')::regclass[], current_setting('tap.demo')::uuid) as seen
union all
select 'other', seen.*
from tests.rows_seen(current_setting('tap.tables')::regclass[], current_setting('tap.other')::uuid) as seen;
grant select on everything to public;

select ok(current_setting('tap.demo') <> '' and current_setting('tap.other') <> ''
          and (select bool_and(defaults > 0) from everything where name like 'med.vaccine%'),
          'both districts exist and the rule tables hold state rows (tenant null)');
select is_empty($$select district, name from everything where own = 0 or others = 0$$,
                'each district has its district row, staff, school assignments and rule overrides: '
                'rows for the other district to be kept from');
select set_eq($$select district, name, own from everything where name = 'med.districts' or name like 'med.vaccine%'$$,
              $$values ('demo', 'med.districts', 1::bigint), ('demo', 'med.vaccine_dose_rules', 1::bigint),
                       ('demo', 'med.vaccine_requirements', 1::bigint), ('demo', 'med.vaccines', 1::bigint),
                       ('other', 'med.districts', 1::bigint), ('other', 'med.vaccine_dose_rules', 1::bigint),
                       ('other', 'med.vaccine_requirements', 1::bigint), ('other', 'med.vaccines', 1::bigint)$$,
              'each district has exactly one district row, and one row of its own in each rule table: its override');

-- Demo District's nurse, aide and supervisor: every row of their district
-- (its district row, all its staff and assignments, its own vaccine,
-- requirement and dose rule), every state row, none of Other District
select tests.act_as('nurse.north@med.demo');
set local role med_reader;
select set_eq($$select name, own, defaults, others
                from tests.rows_seen(current_setting('tap.tables')::regclass[], current_setting('tap.demo')::uuid)$$,
              $$select name, own, defaults, 0::bigint as others from everything where district = 'demo'$$,
              'Demo District''s nurse sees every row of Demo District and of the state, none of Other District');
select tests.act_as('aide.north@med.demo');
set local role med_reader;
select set_eq($$select name, own, defaults, others
                from tests.rows_seen(current_setting('tap.tables')::regclass[], current_setting('tap.demo')::uuid)$$,
              $$select name, own, defaults, 0::bigint as others from everything where district = 'demo'$$,
              'Demo District''s aide sees every row of Demo District and of the state, none of Other District');
select tests.act_as('supervisor@med.demo');
set local role med_reader;
select set_eq($$select name, own, defaults, others
                from tests.rows_seen(current_setting('tap.tables')::regclass[], current_setting('tap.demo')::uuid)$$,
              $$select name, own, defaults, 0::bigint as others from everything where district = 'demo'$$,
              'Demo District''s supervisor sees every row of Demo District and of the state, none of Other District');

-- a teacher and a guardian of Demo District: the district row and the rule
-- tables like the staff, but no staff row (not even a teacher's own) and no
-- school assignment
select tests.act_as('teacher.north@med.demo');
set local role med_reader;
select set_eq($$select name, own, defaults, others
                from tests.rows_seen(current_setting('tap.tables')::regclass[], current_setting('tap.demo')::uuid)$$,
              $$select name, own, defaults, 0::bigint as others from everything
                where district = 'demo' and name not in ('med.school_assignments', 'med.staff')
                union all
                values ('med.school_assignments', 0::bigint, 0::bigint, 0::bigint), ('med.staff', 0::bigint, 0::bigint, 0::bigint)$$,
              'a Demo District teacher sees the district row and the rules of Demo District, no staff row, no assignment, '
              'none of Other District');
select tests.act_as('guardian1@med.demo');
set local role med_reader;
select set_eq($$select name, own, defaults, others
                from tests.rows_seen(current_setting('tap.tables')::regclass[], current_setting('tap.demo')::uuid)$$,
              $$select name, own, defaults, 0::bigint as others from everything
                where district = 'demo' and name not in ('med.school_assignments', 'med.staff')
                union all
                values ('med.school_assignments', 0::bigint, 0::bigint, 0::bigint), ('med.staff', 0::bigint, 0::bigint, 0::bigint)$$,
              'a Demo District guardian sees the district row and the rules of Demo District, no staff row, no assignment, '
              'none of Other District');

-- the other way round: Other District's nurse
select tests.act_as('nurse@other-med.demo');
set local role med_reader;
select set_eq($$select name, own, defaults, others
                from tests.rows_seen(current_setting('tap.tables')::regclass[], current_setting('tap.other')::uuid)$$,
              $$select name, own, defaults, 0::bigint as others from everything where district = 'other'$$,
              'Other District''s nurse sees every row of Other District and of the state, none of Demo District');

-- without a tenant in the claims, and with a forged token naming no user
-- (no tenant either): no row at all, not even the state's
select tests.act_as_anon();
set local role med_reader;
select set_eq($$select name, own + defaults + others
                from tests.rows_seen(current_setting('tap.tables')::regclass[], null)$$,
              $$values ('med.districts', 0::bigint), ('med.school_assignments', 0::bigint), ('med.staff', 0::bigint),
                       ('med.vaccine_dose_rules', 0::bigint), ('med.vaccine_requirements', 0::bigint), ('med.vaccines', 0::bigint)$$,
              'without a tenant in the claims med_reader sees no row of any of the six tables');
select tests.act_as_claims('{"role": "med_nurse", "sub": "00000000-0000-0000-0000-000000000000"}');
set local role med_reader;
select set_eq($$select name, own + defaults + others
                from tests.rows_seen(current_setting('tap.tables')::regclass[], null)$$,
              $$values ('med.districts', 0::bigint), ('med.school_assignments', 0::bigint), ('med.staff', 0::bigint),
                       ('med.vaccine_dose_rules', 0::bigint), ('med.vaccine_requirements', 0::bigint), ('med.vaccines', 0::bigint)$$,
              'claims naming no user see no row of any of the six tables');

select * from finish();
rollback;
