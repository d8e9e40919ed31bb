-- Office visits: complaint, vitals, disposition; sent_home only to an
-- authorized pickup and never to a restricted guardian; sent_home, ems and
-- epinephrine given at the visit notify at once.
begin;
select plan(51);

create temp table ids (k text primary key, id uuid);
grant all on ids to public;
insert into ids select 'max', id from med.students where first_name = 'Max' and last_name = 'Nguyen';
insert into ids select 'ava', id from med.students where first_name = 'Ava' and last_name = 'Stone';
insert into ids select 'ethan', id from med.students where first_name = 'Ethan' and last_name = 'Brooks';
create temp table marks (k text primary key, n bigint);
grant all on marks to public;
insert into marks select 'visits', count(*) from med.visits;
insert into marks select 'jobs', coalesce(max(id), 0) from core.jobs;
-- a stale pickup list that still names the restricted father (as if entered before the court order)
insert into med.authorized_pickups (tenant_id, student_id, position, full_name, relationship)
select tenant_id, id, 9, 'Rick Stone', 'father' from med.students where id = (select id from ids where k = 'ava');
insert into med.authorized_pickups (tenant_id, student_id, position, full_name, relationship, guardian_id)
select tenant_id, id, 10, 'Richard Stone', 'father', (select id from med.guardians where full_name = 'Rick Stone')
from med.students where id = (select id from ids where k = 'ava');
insert into med.authorized_pickups (tenant_id, student_id, position, full_name, relationship)
select tenant_id, id, 11, 'Rick  Stone', 'father' from med.students where id = (select id from ids where k = 'ava');
insert into med.authorized_pickups (tenant_id, student_id, position, full_name, relationship)
select tenant_id, id, 12, E'Rick\u00a0Stone', 'father' from med.students where id = (select id from ids where k = 'ava');
-- and one with a soft hyphen inside, which shows as Rick Stone
insert into med.authorized_pickups (tenant_id, student_id, position, full_name, relationship)
select tenant_id, id, 13, E'Rick Sto\u00adne', 'father' from med.students where id = (select id from ids where k = 'ava');

select tests.act_as('nurse.north@med.demo');
select lives_ok($$insert into ids select 'v1', med_api.record_visit((select id from ids where k = 'max'), 'headache', 'returned_to_class', 37.1, 'rested 10 minutes')$$,
    'a nurse records a visit with the fixed arguments');
select results_eq($$select complaint, disposition, temperature, notes, shared_with_guardian from med_api.visits where id = (select id from ids where k = 'v1')$$,
    $$values ('headache'::text, 'returned_to_class'::text, 37.1::numeric, 'rested 10 minutes'::text, false)$$, 'the visit reads back');
select lives_ok($$insert into ids select 'v2', med_api.record_visit((select id from ids where k = 'max'), 'fall on the playground', 'referred', 36.8,
        'possible sprain; x-ray advised', true, null, 'ice pack, splint', 92)$$, 'a visit with intervention and pulse');
select results_eq($$select intervention, pulse from med_api.visits where id = (select id from ids where k = 'v2')$$,
    $$values ('ice pack, splint'::text, 92)$$, 'intervention and pulse are kept');

-- malformed input
select throws_ok($$select med_api.record_visit((select id from ids where k = 'max'), 'fever', 'returned_to_class', 'NaN')$$,
    '22023', null, 'a NaN temperature is malformed');
select throws_ok($$select med_api.record_visit((select id from ids where k = 'max'), 'fever', 'returned_to_class', 'Infinity')$$,
    '22023', null, 'an infinite temperature is malformed');
select throws_ok($$select med_api.record_visit((select id from ids where k = 'max'), 'fever', 'returned_to_class', 101.3)$$,
    '22023', null, 'a temperature in Fahrenheit is not a Celsius body temperature');
select throws_ok($$select med_api.record_visit((select id from ids where k = 'max'), 'fever', 'went_home')$$,
    '22023', null, 'an unknown disposition is malformed');
select throws_ok($$select med_api.record_visit((select id from ids where k = 'max'), '  ', 'returned_to_class')$$,
    '22023', null, 'a blank complaint is malformed');
select throws_ok($$select med_api.record_visit((select id from ids where k = 'max'), E'\t\u00a0', 'returned_to_class')$$,
    '22023', null, 'so is a complaint of a tab and a no-break space');
select throws_ok($$select med_api.record_visit((select id from ids where k = 'max'), 'cut', 'returned_to_class', null, 'x', true, null, null, null, true)$$,
    '22023', null, 'a confidential note cannot be shared');
select throws_ok($$select med_api.record_visit((select id from ids where k = 'max'), 'cut', 'returned_to_class', null, null, false, 'Grace Nguyen')$$,
    '22023', null, 'picked_up_by belongs to sent_home only');

-- sent_home
select throws_ok($$select med_api.record_visit((select id from ids where k = 'max'), 'fever', 'sent_home', 38.5)$$,
    'P0001', null, 'sent_home without a pickup is refused');
select throws_like($$select med_api.record_visit((select id from ids where k = 'max'), 'fever', 'sent_home', 38.5, null, false, '  ')$$,
    '%name who picks them up%', 'sent_home to a blank name is refused as no pickup named');
select throws_ok($$select med_api.record_visit((select id from ids where k = 'max'), 'fever', 'sent_home', 38.5, null, false, 'Uncle Bob')$$,
    'P0001', null, 'sent_home to someone not on the pickup list is refused');
select throws_ok($$select med_api.record_visit((select id from ids where k = 'ava'), 'fever', 'sent_home', 38.5, null, false, 'Rick Stone')$$,
    'P0001', null, 'sent_home to a guardian under a custody restriction is refused, even when a stale list still names him');
select throws_like($$select med_api.record_visit((select id from ids where k = 'ava'), 'fever', 'sent_home', 38.5, null, false, 'Rick Stone')$$,
    '%custody restriction%', 'the refusal names the custody restriction');
select throws_ok($$select med_api.record_visit((select id from ids where k = 'ava'), 'fever', 'sent_home', 38.5, null, false, 'Richard Stone')$$,
    'P0001', null, 'and under another spelling, listed as that guardian');
select throws_ok($$select med_api.record_visit((select id from ids where k = 'ava'), 'fever', 'sent_home', 38.5, null, false, 'rick  stone')$$,
    'P0001', null, 'and by his name under another spacing, listed so');
select throws_ok($$select med_api.record_visit((select id from ids where k = 'ava'), 'fever', 'sent_home', 38.5, null, false, E'Rick\u00a0Stone')$$,
    'P0001', null, 'and by his name with a no-break space, listed so');
select throws_ok($$select med_api.record_visit((select id from ids where k = 'ava'), 'fever', 'sent_home', 38.5, null, false, E'Rick Sto\u00adne')$$,
    'P0001', null, 'and by his name with a soft hyphen inside, listed so (it shows as Rick Stone)');
-- a restriction whose only day is today is in force today
reset role;
update med.custody_restrictions set starts_on = (now() at time zone 'America/Los_Angeles')::date, ends_on = (now() at time zone 'America/Los_Angeles')::date
where guardian_id = (select id from med.guardians where full_name = 'Rick Stone');
select tests.act_as('nurse.north@med.demo');
select throws_ok($$select med_api.record_visit((select id from ids where k = 'ava'), 'fever', 'sent_home', 38.5, null, false, 'Rick Stone')$$,
    'P0001', null, 'a restriction that starts and ends today refuses him by name');
select throws_ok($$select med_api.record_visit((select id from ids where k = 'ava'), 'fever', 'sent_home', 38.5, null, false, 'Richard Stone')$$,
    'P0001', null, 'and by link');
reset role;
select is((select count(*) from med.visits), (select n + 2 from marks where k = 'visits'), 'the refused visits wrote nothing');
select is((select count(*) from core.jobs where id > (select n from marks where k = 'jobs')), 0::bigint, 'and queued nothing');

select tests.act_as('nurse.north@med.demo');
select lives_ok($$insert into ids select 'home', med_api.record_visit((select id from ids where k = 'max'), 'fever', 'sent_home', 38.5, 'fever 38.5', true, ' grace nguyen ')$$,
    'sent_home to an authorized pickup (name matched case- and space-insensitively)');
select is((select picked_up_by from med_api.visits where id = (select id from ids where k = 'home')), 'Grace Nguyen',
    'the visit records the pickup as listed');
reset role;
select set_eq($$select kind, payload ->> 'to' from core.jobs where id > (select n from marks where k = 'jobs')$$,
    $$values ('sms.sent_home', '+15555550101'), ('mailer.sent_home', 'guardian1@med.demo'),
             ('sms.sent_home', '+15555550102'), ('mailer.sent_home', 'tom.nguyen@families.example')$$,
    'an SMS and an e-mail to each guardian of Max');
select ok((select bool_and(payload ->> 'visit_id' = (select id::text from ids where k = 'home') and payload ->> 'student_name' = 'Max Nguyen'
                           and payload ->> 'school_name' = 'North Elementary' and payload ->> 'picked_up_by' = 'Grace Nguyen'
                           and payload ->> 'complaint' = 'fever' and payload ->> 'template' = 'sent_home' and payload ->> 'app' = 'med'
                           and payload ->> 'tenant_name' = 'Demo District' and payload ? 'to_name')
           from core.jobs where id > (select n from marks where k = 'jobs')),
    'each sent_home job carries the documented payload');

-- the restricted father of Ava is never notified
update marks set n = (select max(id) from core.jobs) where k = 'jobs';
select tests.act_as('aide.north@med.demo');
select lives_ok($$select med_api.record_visit((select id from ids where k = 'ava'), 'vomiting', 'sent_home', 37.9, null, false, 'Dana Stone')$$,
    'an aide sends Ava home with her mother');
reset role;
select set_eq($$select payload ->> 'to' from core.jobs where id > (select n from marks where k = 'jobs')$$,
    $$values ('+15555550201'), ('dana.stone@families.example')$$, 'only the mother is notified, never the restricted father');

-- ems alerts guardians and the supervisor at once
update marks set n = (select max(id) from core.jobs) where k = 'jobs';
select tests.act_as('nurse.north@med.demo');
select lives_ok($$insert into ids select 'ems', med_api.record_visit((select id from ids where k = 'max'), 'severe asthma attack', 'ems', null, 'no relief after two doses')$$,
    'an ems visit');
reset role;
select set_eq($$select kind, payload ->> 'to' from core.jobs where id > (select n from marks where k = 'jobs')$$,
    $$values ('sms.ems_alert', '+15555550101'), ('mailer.ems_alert', 'guardian1@med.demo'),
             ('sms.ems_alert', '+15555550102'), ('mailer.ems_alert', 'tom.nguyen@families.example'),
             ('mailer.ems_alert', 'supervisor@med.demo')$$, 'ems alerts each guardian (SMS and e-mail) and the supervisor');
select ok((select bool_and(payload ->> 'reason' = 'ems' and payload ->> 'visit_id' = (select id::text from ids where k = 'ems')
                           and payload ->> 'complaint' = 'severe asthma attack' and payload ? 'at')
           from core.jobs where id > (select n from marks where k = 'jobs')), 'the alert names the visit, complaint, time and reason');

-- epinephrine given at a visit (the school's stock auto-injector, no order of
-- the student) alerts at once like ems; ems with epinephrine alerts once
update marks set n = (select max(id) from core.jobs) where k = 'jobs';
select tests.act_as('nurse.north@med.demo');
select lives_ok($$insert into ids select 'epi', med_api.record_visit((select id from ids where k = 'max'), 'hives and wheezing after lunch',
        'rested_returned', null, 'stock auto-injector, symptoms resolved', false, null, 'stock EpiPen 0.3 mg given in the thigh')$$,
    'a visit where the nurse gave stock epinephrine');
reset role;
select set_eq($$select kind, payload ->> 'to' from core.jobs where id > (select n from marks where k = 'jobs')$$,
    $$values ('sms.ems_alert', '+15555550101'), ('mailer.ems_alert', 'guardian1@med.demo'),
             ('sms.ems_alert', '+15555550102'), ('mailer.ems_alert', 'tom.nguyen@families.example'),
             ('mailer.ems_alert', 'supervisor@med.demo')$$, 'epinephrine at a visit alerts each guardian and the supervisor, whatever the disposition');
select ok((select bool_and(payload ->> 'reason' = 'epinephrine' and payload ->> 'visit_id' = (select id::text from ids where k = 'epi')
                           and payload -> 'dose_id' = 'null'::jsonb)
           from core.jobs where id > (select n from marks where k = 'jobs')), 'the alert names the visit and the reason epinephrine');
update marks set n = (select max(id) from core.jobs) where k = 'jobs';
select tests.act_as('aide.north@med.demo');
select lives_ok($$select med_api.record_visit((select id from ids where k = 'max'), 'anaphylaxis', 'ems', null, null, false, null,
        'Adrenaline auto-injector, 911 called')$$, 'an ems visit where the aide gave epinephrine');
select lives_ok($$select med_api.record_visit((select id from ids where k = 'max'), 'scraped knee', 'returned_to_class', null, null, false, null,
        'cleaned, bandage')$$, 'a visit with another intervention');
reset role;
select results_eq($$select payload ->> 'reason', count(*) from core.jobs where id > (select n from marks where k = 'jobs') group by 1$$,
    $$values ('ems'::text, 5::bigint)$$, 'ems with epinephrine is one alert (reason ems), another intervention none');
-- an intervention naming the brand with an invisible character inside
update marks set n = (select max(id) from core.jobs) where k = 'jobs';
select tests.act_as('nurse.north@med.demo');
select lives_ok($$select med_api.record_visit((select id from ids where k = 'max'), 'anaphylaxis after lunch', 'returned_to_class', null, null,
        false, null, E'Epi\u00adPen given, outer thigh')$$, 'a visit whose intervention names the EpiPen with a soft hyphen inside');
reset role;
select results_eq($$select payload ->> 'reason', count(*) from core.jobs where id > (select n from marks where k = 'jobs') group by 1$$,
    $$values ('epinephrine'::text, 5::bigint)$$, 'it alerts each guardian and the supervisor (reason epinephrine)');
-- an intervention naming the brand joined by an en dash, or the word accented
update marks set n = (select max(id) from core.jobs) where k = 'jobs';
select tests.act_as('nurse.north@med.demo');
select lives_ok($$select med_api.record_visit((select id from ids where k = 'max'), 'hives, throat tight', 'rested_returned', null, null,
        false, null, E'stock Auvi\u2013Q given, left thigh')$$, 'a visit whose intervention names the Auvi-Q with an en dash');
reset role;
select results_eq($$select payload ->> 'reason', count(*) from core.jobs where id > (select n from marks where k = 'jobs') group by 1$$,
    $$values ('epinephrine'::text, 5::bigint)$$, 'Auvi<en dash>Q given at a visit alerts each guardian and the supervisor');
update marks set n = (select max(id) from core.jobs) where k = 'jobs';
select tests.act_as('nurse.north@med.demo');
select lives_ok($$select med_api.record_visit((select id from ids where k = 'max'), 'swollen lips', 'rested_returned', null, null,
        false, null, 'Adrénaline 0,15 mg, cuisse')$$, 'a visit whose intervention says Adrénaline');
select lives_ok($$select med_api.record_visit((select id from ids where k = 'max'), 'headache', 'rested_returned', null, null,
        false, null, 'Paracétamol 250 mg')$$, 'a visit with another accented drug (control)');
reset role;
select results_eq($$select payload ->> 'reason', count(*) from core.jobs where id > (select n from marks where k = 'jobs') group by 1$$,
    $$values ('epinephrine'::text, 5::bigint)$$, 'Adrénaline at a visit alerts each guardian and the supervisor; Paracétamol does not');

-- who may record visits
select tests.act_as('aide.north@med.demo');
select throws_ok($$select med_api.record_visit((select id from ids where k = 'max'), 'cut', 'returned_to_class', null, 'x', false, null, null, null, true)$$,
    '42501', null, 'an aide may not write a confidential note');
select throws_ok($$select med_api.record_visit((select id from ids where k = 'ethan'), 'cut', 'returned_to_class')$$,
    'PT404', null, 'an aide may not record a visit of another school''s student');
select tests.act_as('teacher.north@med.demo');
select throws_ok($$select med_api.record_visit((select id from ids where k = 'max'), 'cut', 'returned_to_class')$$,
    '42501', null, 'a teacher may not record visits');
select tests.act_as('guardian1@med.demo');
select throws_ok($$select med_api.record_visit((select id from ids where k = 'max'), 'cut', 'returned_to_class')$$,
    '42501', null, 'a guardian may not record visits');

select * from finish();
rollback;
