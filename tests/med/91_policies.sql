-- The row level policies of the tables no API view filters alone: the rule
-- tables (vaccines, vaccine_requirements, vaccine_dose_rules), districts,
-- staff and school_assignments, read directly by med_reader (the owner of
-- the private views, for whom the policies are written) under a user's
-- claims, as a private view would read them for that user. The API adds its
-- own tenant filter on top, so only a read at the table shows whether the
-- policy itself keeps the rows back.
-- Each policy: the role sees none of the rows it must not see (another
-- district's rows; for staff and school_assignments, any row for a teacher
-- or a guardian; anything at all without a tenant in the claims), beside a
-- positive control in the same role that sees its own district's rows.
-- The seed holds both districts' districts, staff and assignments; the rule
-- tables hold only the state's rows (tenant_id null), so each district gets
-- an override row of its own here, written as the test superuser. A vaccine's
-- code is its primary key, so the two district vaccines are seeded vaccines
-- turned into district ones (Tdap for Demo, MenACWY for Other).
begin;
select plan(55);

create temp table ids (k text primary key, id uuid);
grant all on ids to public;
insert into ids select 'demo', id from core.tenants where app = 'med' and name = 'Demo District';
insert into ids select 'other', id from core.tenants where app = 'med' and name = 'Other District';

update med.vaccines set tenant_id = (select id from ids where k = 'demo') where code = 'Tdap';
update med.vaccines set tenant_id = (select id from ids where k = 'other') where code = 'MenACWY';
insert into med.vaccine_requirements (tenant_id, vaccine, grade_from, grade_to, required_doses, effective_from)
values ((select id from ids where k = 'demo'), 'HepB', 6, 12, 3, date '2024-07-01'),
       ((select id from ids where k = 'other'), 'MMR', 0, 12, 3, date '2024-07-01');
insert into med.vaccine_dose_rules (tenant_id, vaccine, dose_number, min_age, min_interval, effective_from)
values ((select id from ids where k = 'demo'), 'HepB', 2, interval '6 weeks', interval '6 weeks', date '2024-07-01'),
       ((select id from ids where k = 'other'), 'MMR', 2, interval '4 years', interval '3 months', date '2024-07-01');

-- what the superuser sees: the expected counts of each district's own rows
create temp table counts (k text primary key, n bigint);
grant all on counts to public;
insert into counts select 'vaccines', count(*) from med.vaccines where tenant_id is null;
insert into counts select 'requirements', count(*) from med.vaccine_requirements where tenant_id is null;
insert into counts select 'dose_rules', count(*) from med.vaccine_dose_rules where tenant_id is null;
insert into counts select 'demo_staff', count(*) from med.staff where tenant_id = (select id from ids where k = 'demo');
insert into counts select 'other_staff', count(*) from med.staff where tenant_id = (select id from ids where k = 'other');
insert into counts select 'demo_assignments', count(*) from med.school_assignments where tenant_id = (select id from ids where k = 'demo');
insert into counts select 'other_assignments', count(*) from med.school_assignments where tenant_id = (select id from ids where k = 'other');

select ok((select count(*) from ids where id is not null) = 2
          and (select n from counts where k = 'vaccines') > 0
          and (select n from counts where k = 'requirements') > 0
          and (select n from counts where k = 'dose_rules') > 0,
          'both districts exist and the rule tables hold state rows (tenant null)');
select ok((select bool_and(n > 0) from counts where k in ('demo_staff', 'other_staff', 'demo_assignments', 'other_assignments'))
          and (select count(distinct tenant_id) from med.districts
               where tenant_id in (select id from ids where k in ('demo', 'other'))) = 2,
          'each district has its district row, staff and school assignments: rows for the other district to be kept from');

-- med.vaccines: vaccines_select_user
select tests.act_as('nurse.north@med.demo');
set local role med_reader;
select is((select count(*) from med.vaccines where tenant_id = (select id from ids where k = 'other')), 0::bigint,
          'vaccines: Demo District''s nurse does not see Other District''s own vaccine');
select is((select count(*) from med.vaccines where tenant_id = (select id from ids where k = 'demo')), 1::bigint,
          'vaccines: Demo District''s nurse sees Demo District''s own vaccine');
select is((select count(*) from med.vaccines where tenant_id is null), (select n from counts where k = 'vaccines'),
          'vaccines: Demo District''s nurse sees every state vaccine');
select tests.act_as('nurse@other-med.demo');
set local role med_reader;
select is((select count(*) from med.vaccines where tenant_id = (select id from ids where k = 'demo')), 0::bigint,
          'vaccines: Other District''s nurse does not see Demo District''s own vaccine');
select is((select count(*) from med.vaccines where tenant_id = (select id from ids where k = 'other')), 1::bigint,
          'vaccines: Other District''s nurse sees Other District''s own vaccine');
select tests.act_as_anon();
set local role med_reader;
select is((select count(*) from med.vaccines), 0::bigint, 'vaccines: without a tenant in the claims, no row at all');

-- med.vaccine_requirements: vaccine_requirements_select_user
select tests.act_as('nurse.north@med.demo');
set local role med_reader;
select is((select count(*) from med.vaccine_requirements where tenant_id = (select id from ids where k = 'other')), 0::bigint,
          'vaccine requirements: Demo District''s nurse does not see Other District''s own requirement');
select is((select count(*) from med.vaccine_requirements where tenant_id = (select id from ids where k = 'demo')), 1::bigint,
          'vaccine requirements: Demo District''s nurse sees Demo District''s own requirement');
select is((select count(*) from med.vaccine_requirements where tenant_id is null), (select n from counts where k = 'requirements'),
          'vaccine requirements: Demo District''s nurse sees every state requirement');
select tests.act_as('nurse@other-med.demo');
set local role med_reader;
select is((select count(*) from med.vaccine_requirements where tenant_id = (select id from ids where k = 'demo')), 0::bigint,
          'vaccine requirements: Other District''s nurse does not see Demo District''s own requirement');
select is((select count(*) from med.vaccine_requirements where tenant_id = (select id from ids where k = 'other')), 1::bigint,
          'vaccine requirements: Other District''s nurse sees Other District''s own requirement');
select tests.act_as_anon();
set local role med_reader;
select is((select count(*) from med.vaccine_requirements), 0::bigint, 'vaccine requirements: without a tenant in the claims, no row at all');

-- med.vaccine_dose_rules: vaccine_dose_rules_select_user
select tests.act_as('nurse.north@med.demo');
set local role med_reader;
select is((select count(*) from med.vaccine_dose_rules where tenant_id = (select id from ids where k = 'other')), 0::bigint,
          'dose rules: Demo District''s nurse does not see Other District''s own dose rule');
select is((select count(*) from med.vaccine_dose_rules where tenant_id = (select id from ids where k = 'demo')), 1::bigint,
          'dose rules: Demo District''s nurse sees Demo District''s own dose rule');
select is((select count(*) from med.vaccine_dose_rules where tenant_id is null), (select n from counts where k = 'dose_rules'),
          'dose rules: Demo District''s nurse sees every state dose rule');
select tests.act_as('nurse@other-med.demo');
set local role med_reader;
select is((select count(*) from med.vaccine_dose_rules where tenant_id = (select id from ids where k = 'demo')), 0::bigint,
          'dose rules: Other District''s nurse does not see Demo District''s own dose rule');
select is((select count(*) from med.vaccine_dose_rules where tenant_id = (select id from ids where k = 'other')), 1::bigint,
          'dose rules: Other District''s nurse sees Other District''s own dose rule');
select tests.act_as_anon();
set local role med_reader;
select is((select count(*) from med.vaccine_dose_rules), 0::bigint, 'dose rules: without a tenant in the claims, no row at all');

-- a forged token naming no user: no tenant either
select tests.act_as_claims('{"role": "med_nurse", "sub": "00000000-0000-0000-0000-000000000000"}');
set local role med_reader;
select is((select count(*) from med.vaccines), 0::bigint, 'vaccines: claims naming no user see no row');
select is((select count(*) from med.vaccine_requirements), 0::bigint, 'vaccine requirements: claims naming no user see no row');
select is((select count(*) from med.vaccine_dose_rules), 0::bigint, 'dose rules: claims naming no user see no row');
select is((select count(*) from med.districts), 0::bigint, 'districts: claims naming no user see no row');
select is((select count(*) from med.staff), 0::bigint, 'staff: claims naming no user see no row');
select is((select count(*) from med.school_assignments), 0::bigint, 'school assignments: claims naming no user see no row');

-- med.districts: districts_select_member (every role of the district)
select tests.act_as('nurse.north@med.demo');
set local role med_reader;
select is((select count(*) from med.districts where tenant_id = (select id from ids where k = 'other')), 0::bigint,
          'districts: Demo District''s nurse does not see Other District');
select is((select count(*) from med.districts where tenant_id = (select id from ids where k = 'demo')), 1::bigint,
          'districts: Demo District''s nurse sees Demo District');
select tests.act_as('guardian1@med.demo');
set local role med_reader;
select is((select count(*) from med.districts where tenant_id = (select id from ids where k = 'other')), 0::bigint,
          'districts: a Demo District guardian does not see Other District');
select is((select count(*) from med.districts where tenant_id = (select id from ids where k = 'demo')), 1::bigint,
          'districts: a Demo District guardian sees Demo District');
select tests.act_as('nurse@other-med.demo');
set local role med_reader;
select is((select count(*) from med.districts where tenant_id = (select id from ids where k = 'demo')), 0::bigint,
          'districts: Other District''s nurse does not see Demo District');
select is((select count(*) from med.districts where tenant_id = (select id from ids where k = 'other')), 1::bigint,
          'districts: Other District''s nurse sees Other District');
select tests.act_as_anon();
set local role med_reader;
select is((select count(*) from med.districts), 0::bigint, 'districts: without a tenant in the claims, no row at all');

-- med.staff: staff_select_staff (nurses, aides, supervisors of the district)
select tests.act_as('nurse.north@med.demo');
set local role med_reader;
select is((select count(*) from med.staff where tenant_id = (select id from ids where k = 'other')), 0::bigint,
          'staff: Demo District''s nurse does not see Other District''s staff');
select is((select count(*) from med.staff where tenant_id = (select id from ids where k = 'demo')), (select n from counts where k = 'demo_staff'),
          'staff: Demo District''s nurse sees all of Demo District''s staff');
select tests.act_as('aide.north@med.demo');
set local role med_reader;
select is((select count(*) from med.staff where tenant_id = (select id from ids where k = 'other')), 0::bigint,
          'staff: Demo District''s aide does not see Other District''s staff');
select is((select count(*) from med.staff where tenant_id = (select id from ids where k = 'demo')), (select n from counts where k = 'demo_staff'),
          'staff: Demo District''s aide sees all of Demo District''s staff');
select tests.act_as('supervisor@med.demo');
set local role med_reader;
select is((select count(*) from med.staff where tenant_id = (select id from ids where k = 'other')), 0::bigint,
          'staff: Demo District''s supervisor does not see Other District''s staff');
select is((select count(*) from med.staff where tenant_id = (select id from ids where k = 'demo')), (select n from counts where k = 'demo_staff'),
          'staff: Demo District''s supervisor sees all of Demo District''s staff');
select tests.act_as('teacher.north@med.demo');
set local role med_reader;
select is((select count(*) from med.staff), 0::bigint, 'staff: a teacher sees no staff row, not even their own');
select tests.act_as('guardian1@med.demo');
set local role med_reader;
select is((select count(*) from med.staff), 0::bigint, 'staff: a guardian sees no staff row');
select tests.act_as('nurse@other-med.demo');
set local role med_reader;
select is((select count(*) from med.staff where tenant_id = (select id from ids where k = 'demo')), 0::bigint,
          'staff: Other District''s nurse does not see Demo District''s staff');
select is((select count(*) from med.staff where tenant_id = (select id from ids where k = 'other')), (select n from counts where k = 'other_staff'),
          'staff: Other District''s nurse sees Other District''s staff');
select tests.act_as_anon();
set local role med_reader;
select is((select count(*) from med.staff), 0::bigint, 'staff: without a tenant in the claims, no row at all');

-- med.school_assignments: school_assignments_select_staff (same audience)
select tests.act_as('nurse.north@med.demo');
set local role med_reader;
select is((select count(*) from med.school_assignments where tenant_id = (select id from ids where k = 'other')), 0::bigint,
          'school assignments: Demo District''s nurse does not see Other District''s assignments');
select is((select count(*) from med.school_assignments where tenant_id = (select id from ids where k = 'demo')),
          (select n from counts where k = 'demo_assignments'),
          'school assignments: Demo District''s nurse sees all of Demo District''s assignments');
select tests.act_as('aide.north@med.demo');
set local role med_reader;
select is((select count(*) from med.school_assignments where tenant_id = (select id from ids where k = 'other')), 0::bigint,
          'school assignments: Demo District''s aide does not see Other District''s assignments');
select is((select count(*) from med.school_assignments where tenant_id = (select id from ids where k = 'demo')),
          (select n from counts where k = 'demo_assignments'),
          'school assignments: Demo District''s aide sees all of Demo District''s assignments');
select tests.act_as('supervisor@med.demo');
set local role med_reader;
select is((select count(*) from med.school_assignments where tenant_id = (select id from ids where k = 'other')), 0::bigint,
          'school assignments: Demo District''s supervisor does not see Other District''s assignments');
select is((select count(*) from med.school_assignments where tenant_id = (select id from ids where k = 'demo')),
          (select n from counts where k = 'demo_assignments'),
          'school assignments: Demo District''s supervisor sees all of Demo District''s assignments');
select tests.act_as('teacher.north@med.demo');
set local role med_reader;
select is((select count(*) from med.school_assignments), 0::bigint, 'school assignments: a teacher sees no assignment');
select tests.act_as('guardian1@med.demo');
set local role med_reader;
select is((select count(*) from med.school_assignments), 0::bigint, 'school assignments: a guardian sees no assignment');
select tests.act_as('nurse@other-med.demo');
set local role med_reader;
select is((select count(*) from med.school_assignments where tenant_id = (select id from ids where k = 'demo')), 0::bigint,
          'school assignments: Other District''s nurse does not see Demo District''s assignments');
select is((select count(*) from med.school_assignments where tenant_id = (select id from ids where k = 'other')),
          (select n from counts where k = 'other_assignments'),
          'school assignments: Other District''s nurse sees Other District''s assignments');
select tests.act_as_anon();
set local role med_reader;
select is((select count(*) from med.school_assignments), 0::bigint, 'school assignments: without a tenant in the claims, no row at all');

select * from finish();
rollback;
