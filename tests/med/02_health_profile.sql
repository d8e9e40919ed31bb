-- Health profile (conditions, allergies, action plans, emergency
-- instructions) and consents and forms per school year.
begin;
select plan(40);

create temp table ids (k text primary key, id uuid);
grant all on ids to public;
insert into ids select 'max', id from med.students where first_name = 'Max' and last_name = 'Nguyen';
insert into ids select 'lily', id from med.students where first_name = 'Lily' and last_name = 'Nguyen';
insert into ids select 'ava', id from med.students where first_name = 'Ava' and last_name = 'Stone';
insert into ids select 'ethan', id from med.students where first_name = 'Ethan' and last_name = 'Brooks';
create temp table vals (k text primary key, v int);
grant all on vals to public;
insert into vals select 'year', date_part('year', (now() at time zone 'America/Los_Angeles')::date - interval '7 months')::int;
create temp table dates (k text primary key, d date);
grant all on dates to public;
insert into dates values ('today', (now() at time zone 'America/Los_Angeles')::date);
insert into dates select 'lily_birth', birth_date from med.students where id = (select id from ids where k = 'lily');

-- allergies
select tests.act_as('nurse.north@med.demo');
select lives_ok($$insert into ids select 'allergy', med_api.record_allergy((select id from ids where k = 'max'), 'tree nuts', 'swelling', 'severe')$$,
    'a nurse records an allergy');
select results_eq($$select allergen, reaction, severity from med_api.allergies where id = (select id from ids where k = 'allergy')$$,
    $$values ('tree nuts'::text, 'swelling'::text, 'severe'::text)$$, 'the allergy reads back');
select throws_ok($$select med_api.record_allergy((select id from ids where k = 'max'), 'dust', 'sneezing', 'deadly')$$,
    '22023', null, 'an unknown severity is malformed');
select throws_ok($$select med_api.record_allergy((select id from ids where k = 'max'), ' ', 'sneezing', 'mild')$$,
    '22023', null, 'a blank allergen is malformed');
select throws_ok($$select med_api.record_allergy((select id from ids where k = 'max'), 'Tree Nuts', 'hives', 'mild')$$,
    '23505', null, 'the same allergen twice is a duplicate');
select throws_ok($$select med_api.record_allergy((select id from ids where k = 'ethan'), 'dust', 'sneezing', 'mild')$$,
    'PT404', null, 'a nurse does not see another school''s student');
select tests.act_as('aide.north@med.demo');
select throws_ok($$select med_api.record_allergy((select id from ids where k = 'max'), 'dust', 'sneezing', 'mild')$$,
    '42501', null, 'an aide may not record allergies');
reset role;
select ok(exists (select from core.audit_log where table_name = 'med.allergies' and row_key ->> 'id' = (select id::text from ids where k = 'allergy')
                  and operation = 'INSERT' and user_id = (select id from core.users where email = 'nurse.north@med.demo')),
    'the new allergy is in the audit log with the nurse who recorded it');

-- conditions and action plans
select tests.act_as('nurse.north@med.demo');
select lives_ok($$select med_api.record_condition((select id from ids where k = 'lily'), 'eczema', 'mild, seasonal')$$, 'a nurse records a condition');
select throws_ok($$select med_api.record_condition((select id from ids where k = 'lily'), 'eczema', null, (now() at time zone 'America/Los_Angeles')::date + 1)$$,
    '22023', null, 'a diagnosis tomorrow, school time, is in the future even when it is already that day in UTC');
select throws_ok($$select med_api.record_condition((select id from ids where k = 'lily'), 'eczema', null, 'infinity')$$,
    '22023', null, 'a diagnosis at infinity is malformed');
select throws_ok($$select med_api.record_condition((select id from ids where k = 'lily'), 'eczema', null, '-infinity')$$,
    '22023', null, 'a diagnosis at minus infinity is malformed');
select throws_ok($$select med_api.record_condition((select id from ids where k = 'lily'), 'eczema', null, current_date + 5)$$,
    '22023', null, 'a diagnosis in the future is malformed');
select lives_ok($$select med_api.record_action_plan((select id from ids where k = 'lily'), 'seizure', 'Time it; call 911 after 5 minutes.', current_date + 200)$$,
    'a nurse records a seizure action plan');
select throws_ok($$select med_api.record_action_plan((select id from ids where k = 'lily'), 'migraine', 'rest', current_date + 200)$$,
    '22023', null, 'an unknown action plan kind is malformed');
select throws_ok($$select med_api.record_action_plan((select id from ids where k = 'lily'), 'asthma', 'inhaler', current_date - 200)$$,
    'P0001', null, 'an expired action plan is refused');
select throws_ok($$select med_api.record_action_plan((select id from ids where k = 'lily'), 'asthma', 'inhaler', null)$$,
    '22023', null, 'an action plan without expiry is malformed');
select throws_ok($$select med_api.record_action_plan((select id from ids where k = 'lily'), 'asthma', 'inhaler', date '9999-12-31')$$,
    'P0001', null, 'an action plan valid for more than a year is refused (it would never show as expiring)');
select throws_ok($$select med_api.record_action_plan((select id from ids where k = 'lily'), 'asthma', 'inhaler', 'infinity')$$,
    '22023', null, 'an action plan valid forever is malformed');
-- exactly at the boundaries (North's calendar day)
select lives_ok($$select med_api.record_condition((select id from ids where k = 'lily'), 'otitis', null, (select d from dates where k = 'today'))$$,
    'a condition diagnosed today is accepted');
select lives_ok($$select med_api.record_condition((select id from ids where k = 'lily'), 'congenital heart murmur', null, (select d from dates where k = 'lily_birth'))$$,
    'and one diagnosed on the day of birth');
select lives_ok($$select med_api.record_action_plan((select id from ids where k = 'lily'), 'asthma', 'inhaler', (select d from dates where k = 'today'))$$,
    'an action plan expiring today is accepted');
select lives_ok($$select med_api.record_action_plan((select id from ids where k = 'lily'), 'diabetes', 'glucose check before lunch', (select d from dates where k = 'today') + 366)$$,
    'and one valid for exactly 366 days');
select lives_ok($$select med_api.set_emergency_instructions((select id from ids where k = 'max'), 'Inhaler in the office; call the nurse.')$$,
    'a nurse sets emergency instructions');
select throws_ok($$select med_api.set_emergency_instructions((select id from ids where k = 'ethan'), 'x')$$,
    'PT404', null, 'not for another school''s student');
select throws_ok($$select med_api.record_condition((select id from ids where k = 'ethan'), 'asthma')$$,
    'PT404', null, 'nor a condition of another school''s student');
select tests.act_as('aide.north@med.demo');
select throws_ok($$select med_api.set_emergency_instructions((select id from ids where k = 'max'), 'x')$$,
    '42501', null, 'an aide may not set emergency instructions');
select throws_ok($$select med_api.record_action_plan((select id from ids where k = 'max'), 'asthma', 'inhaler', current_date + 100)$$,
    '42501', null, 'an aide may not record action plans');
select tests.act_as('nurse.north@med.demo');

-- what the teacher reads of it: allergies, action plans, emergency instructions; never conditions
select tests.act_as('teacher.north@med.demo');
select is((select emergency_instructions from med_api.students where id = (select id from ids where k = 'max')),
    'Inhaler in the office; call the nurse.', 'the teacher reads the emergency instructions of a roster student');
select ok(exists (select from med_api.allergies where student_id = (select id from ids where k = 'max') and allergen = 'tree nuts'),
    'the teacher reads the allergies of a roster student');
select ok(exists (select from med_api.action_plans where student_id = (select id from ids where k = 'max') and kind = 'asthma'),
    'the teacher reads the action plans of a roster student');
select is((select count(*) from med_api.allergies where student_id = (select id from ids where k = 'lily')), 0::bigint,
    'the teacher sees no allergy of a student off the roster (Lily, grade 1)');
select throws_ok($$select * from med_api.conditions$$, '42501', null, 'the teacher may not read diagnoses at all');

-- consents and forms per school year
select tests.act_as('guardian1@med.demo');
select lives_ok($$select med_api.record_consent((select id from ids where k = 'max'), (select v from vals where k = 'year'), 'screening', true)$$,
    'a guardian consents to screening for their child this year');
select lives_ok($$select med_api.record_consent((select id from ids where k = 'max'), (select v from vals where k = 'year'), 'screening', false)$$,
    'and may withdraw it');
select results_eq($$select is_granted, guardian_id is not null from med_api.consents where student_id = (select id from ids where k = 'max') and kind = 'screening'$$,
    $$values (false, true)$$, 'one row per student, year and kind: the latest answer, recorded with the guardian');
select throws_ok($$select med_api.record_consent((select id from ids where k = 'max'), (select v from vals where k = 'year') - 3, 'screening', true)$$,
    '22023', null, 'a school year other than this or the next is malformed');
select throws_ok($$select med_api.record_consent((select id from ids where k = 'max'), (select v from vals where k = 'year'), 'tattoo', true)$$,
    '22023', null, 'an unknown consent kind is malformed');
select throws_ok($$select med_api.record_consent((select id from ids where k = 'ava'), (select v from vals where k = 'year'), 'screening', true)$$,
    'PT404', null, 'a guardian may not consent for someone else''s child');
select tests.act_as('teacher.north@med.demo');
select throws_ok($$select med_api.record_consent((select id from ids where k = 'max'), (select v from vals where k = 'year'), 'screening', true)$$,
    '42501', null, 'a teacher may not record consents');

select * from finish();
rollback;
