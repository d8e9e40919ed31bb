-- Reports: materialized, refreshed concurrently, for the supervisor (the
-- district) and nurses (their schools) only; any other role gets 42501.
begin;
select plan(22);

create temp table ids (k text primary key, id uuid);
grant all on ids to public;
insert into ids select 'north', id from med.schools where name = 'North Elementary';
insert into ids select 'south', id from med.schools where name = 'South Middle';
insert into ids select 'max', id from med.students where first_name = 'Max' and last_name = 'Nguyen';

select lives_ok($$select med_private.refresh_reports()$$, 'the reports refresh concurrently');
select ok((select count(*) from pg_catalog.pg_indexes where schemaname = 'med_private' and indexname like 'report\_%\_mv\_key') = 3,
    'each report materialized view has its unique index');

select tests.act_as('supervisor@med.demo');
select is((select sum(students)::bigint from med_api.report_immunization_compliance), (select count(*) from med_api.students),
    'compliance counts every student of the district once');
select is((select count(*) from med_api.report_immunization_compliance where students <> compliant + exempt + conditional + non_compliant), 0::bigint,
    'each student is compliant, exempt, conditional or non-compliant');
select ok((select sum(non_compliant) > 0 and sum(conditional) > 0 and sum(exempt) > 0 and sum(compliant) > 0 from med_api.report_immunization_compliance),
    'the demo district has compliant, exempt, conditional and non-compliant students');
select ok((select conditional >= 1 from med_api.report_immunization_compliance where school_id = (select id from ids where k = 'north') and grade = 1),
    'Lily counts as conditional in North''s grade 1');
select set_eq($$select distinct school_id from med_api.report_visits_by_disposition$$,
    $$select id from ids where k in ('north', 'south')$$, 'the supervisor sees the visits of both schools');
select ok(exists (select from med_api.report_expiring where student_id = (select id from ids where k = 'max') and item_kind = 'action_plan' and days_left between 1 and 30),
    'Max''s asthma plan expires within a month');
select ok(exists (select from med_api.report_expiring where student_id = (select id from ids where k = 'max') and item_kind = 'medication_order'),
    'and his albuterol order is expiring too');

-- a refresh picks up a new visit
select tests.act_as('nurse.north@med.demo');
select med_api.record_visit((select id from ids where k = 'max'), 'bloody nose', 'referred');
reset role;
select med_private.refresh_reports();
select tests.act_as('nurse.north@med.demo');
select ok((select visits >= 1 from med_api.report_visits_by_disposition
           where day = (now() at time zone 'America/Los_Angeles')::date and disposition = 'referred'),
    'after a refresh today''s referral is counted');
select is((select count(*) from med_api.report_immunization_compliance where school_id <> (select id from ids where k = 'north')), 0::bigint,
    'a nurse sees only her school');

select ok(exists (select from med_api.report_expiring where student_id = (select id from ids where k = 'max')),
    'the nurse sees her students'' expiring items');

-- nobody else: aides, teachers and guardians may not read a report (42501)
select tests.act_as('aide.north@med.demo');
select throws_ok(format('select * from med_api.%I', v), '42501', null, 'an aide may not read med_api.' || v)
from unnest(array['report_immunization_compliance', 'report_visits_by_disposition', 'report_expiring']) as v;
select tests.act_as('teacher.north@med.demo');
select throws_ok(format('select * from med_api.%I', v), '42501', null, 'a teacher may not read med_api.' || v)
from unnest(array['report_immunization_compliance', 'report_visits_by_disposition', 'report_expiring']) as v;
select tests.act_as('guardian1@med.demo');
select throws_ok(format('select * from med_api.%I', v), '42501', null, 'a guardian may not read med_api.' || v)
from unnest(array['report_immunization_compliance', 'report_visits_by_disposition', 'report_expiring']) as v;
select tests.act_as('nurse@other-med.demo');
select is((select count(*) from med_api.report_immunization_compliance where school_id in (select id from ids)), 0::bigint,
    'the other district sees none of ours');

select * from finish();
rollback;
