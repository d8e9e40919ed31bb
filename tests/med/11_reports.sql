-- Reports: materialized, refreshed concurrently, for the supervisor (the
-- district) and nurses (their schools) only; any other role gets 42501.
begin;
select plan(25);

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
-- a renewed plan is not expiring: Max's asthma plan (ending within a month)
-- renewed for 300 days; and an anaphylaxis plan ended 5 days ago (entered
-- as history) renewed for 40 days, which is expiring in its turn
select med_api.record_action_plan((select id from ids where k = 'max'), 'asthma', 'Albuterol 2 puffs; call 911 if no relief',
    (now() at time zone 'America/Los_Angeles')::date + 300);
reset role;
insert into med.action_plans (tenant_id, student_id, kind, instructions, expires_on)
select students.tenant_id, students.id, 'anaphylaxis', 'old plan', med_private.school_local_date(students.school_id) - 5
from med.students as students
where students.id = (select id from ids where k = 'max');
select tests.act_as('nurse.north@med.demo');
insert into ids select 'new anaphylaxis', med_api.record_action_plan((select id from ids where k = 'max'), 'anaphylaxis', 'EpiPen Jr, call 911',
    (now() at time zone 'America/Los_Angeles')::date + 40);
reset role;
-- the expiring window is the school's: action plans ending on each side of
-- both edges, counted from North's local date, one for each of four North
-- students without a plan (only the newest plan of a kind per student is
-- reported); the refresh runs in a session zone (UTC+14 or UTC-11,
-- whichever is on another date than Los Angeles right now: one always is)
-- that must move nothing
with edges as (
    select students.tenant_id, students.id as student_id, students.school_id,
           (array[-31, -30, 60, 61])[row_number() over (order by students.id)] as edge
    from med.students as students
    where students.school_id = (select id from ids where k = 'north')
      and not exists (select from med.action_plans as plans where plans.student_id = students.id)
    order by students.id
    limit 4
), plans as (
    insert into med.action_plans (tenant_id, student_id, kind, instructions, expires_on)
    select edges.tenant_id, edges.student_id, 'seizure', 'edge ' || edges.edge, med_private.school_local_date(edges.school_id) + edges.edge
    from edges
    returning id, instructions
)
insert into ids select instructions, id from plans;
select set_config('t.zone', current_setting('timezone'), true);
select set_config('timezone',
                  case when (now() at time zone 'Pacific/Kiritimati')::date <> (now() at time zone 'America/Los_Angeles')::date
                       then 'Pacific/Kiritimati' else 'Pacific/Pago_Pago' end, true);
select med_private.refresh_reports();
select set_config('timezone', current_setting('t.zone'), true);
select tests.act_as('nurse.north@med.demo');
select ok((select visits >= 1 from med_api.report_visits_by_disposition
           where day = (now() at time zone 'America/Los_Angeles')::date and disposition = 'referred'),
    'after a refresh today''s referral is counted');
select is((select count(*) from med_api.report_immunization_compliance where school_id <> (select id from ids where k = 'north')), 0::bigint,
    'a nurse sees only her school');

select ok(exists (select from med_api.report_expiring where student_id = (select id from ids where k = 'max')),
    'the nurse sees her students'' expiring items');
select results_eq($$select days_left from med_api.report_expiring where item_id in (select id from ids where k like 'edge %') order by days_left$$,
                  $$values (-30), (60)$$,
                  'the report holds the items ended 30 days ago and ending in 60 days by the school''s date, not 31 nor 61, whatever the refresh''s zone');
select ok(not exists (select from med_api.report_expiring where student_id = (select id from ids where k = 'max') and item_kind = 'action_plan' and item_name = 'asthma action plan'),
    'once renewed for 300 days, Max''s asthma plan is no longer reported as expiring (neither the old plan nor the renewal)');
select results_eq($$select item_id from med_api.report_expiring where student_id = (select id from ids where k = 'max') and item_name = 'anaphylaxis action plan'$$,
                  $$select id from ids where k = 'new anaphylaxis'$$,
                  'of a renewed plan only the newest is reported, when it expires within the window (the plan it renewed is not)');

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
