-- Every read of a student's full health record is logged: who, when, why;
-- a refused call leaves nothing.
begin;
select plan(27);

create temp table ids (k text primary key, id uuid);
grant all on ids to public;
insert into ids select 'max', id from med.students where first_name = 'Max' and last_name = 'Nguyen';
insert into ids select 'nurse', id from core.users where email = 'nurse.north@med.demo';
insert into ids select 'supervisor', id from core.users where email = 'supervisor@med.demo';
create temp table marks (k text primary key, n bigint);
grant all on marks to public;
insert into marks select 'reads', coalesce(max(id), 0) from med.health_record_reads;
create temp table records (k text primary key, r json);
grant all on records to public;

select tests.act_as('nurse.north@med.demo');
select lives_ok($$insert into records select 'nurse', med_api.student_health_record((select id from ids where k = 'max'), '  medication review ')$$,
    'the nurse reads Max''s full record, giving a reason');
reset role;
select results_eq($$select read_by, reason, student_id from med.health_record_reads where id > (select n from marks where k = 'reads')$$,
    $$select (select id from ids where k = 'nurse'), 'medication review'::text, (select id from ids where k = 'max')$$,
    'exactly one read-log row: who, which student, and the reason given');
select ok((select read_at between now() and clock_timestamp() from med.health_record_reads where id > (select n from marks where k = 'reads')),
    'and when: the time of the call');
select ok((select r::jsonb ?& array['student', 'guardians', 'authorized_pickups', 'conditions', 'allergies', 'action_plans', 'consents',
                                    'medication_orders', 'visits', 'immunizations', 'immunization_status', 'exemptions', 'screenings']
           from records where k = 'nurse'), 'the record holds every part of the health file');
select is((select r -> 'student' ->> 'first_name' from records where k = 'nurse'), 'Max', 'for the right student');
select ok((select bool_or((v ->> 'is_confidential')::boolean and v ->> 'notes' is not null) from records, json_array_elements(r -> 'visits') as v where k = 'nurse'),
    'the nurse''s record includes the confidential note');

select tests.act_as('nurse.north@med.demo');
select lives_ok($$select med_api.student_health_record((select id from ids where k = 'max'), 'parent meeting')$$, 'a second read');
reset role;
select is((select count(*) from med.health_record_reads where id > (select n from marks where k = 'reads')), 2::bigint,
    'each successful call leaves exactly one row');

-- refused calls log nothing
update marks set n = (select max(id) from med.health_record_reads) where k = 'reads';
select tests.act_as('nurse.north@med.demo');
select throws_ok($$select med_api.student_health_record((select id from ids where k = 'max'), '')$$, '22023', null, 'an empty reason is malformed');
select throws_ok($$select med_api.student_health_record((select id from ids where k = 'max'), '   ')$$, '22023', null, 'a blank reason is malformed');
select throws_ok($$select med_api.student_health_record((select id from ids where k = 'max'), null)$$, '22023', null, 'a missing reason is malformed');
-- btrim strips only the space: other white space and invisible characters are no reason either
select throws_ok($$select med_api.student_health_record((select id from ids where k = 'max'), E'\t')$$, '22023', null, 'a reason of a tab is malformed');
select throws_ok($$select med_api.student_health_record((select id from ids where k = 'max'), E'\u00a0')$$, '22023', null,
    'a reason of a no-break space is malformed');
select throws_ok($$select med_api.student_health_record((select id from ids where k = 'max'), E'\u200b\n')$$, '22023', null,
    'a reason of a zero-width space and a line break is malformed');
select throws_ok($$select med_api.student_health_record(gen_random_uuid(), 'review')$$, 'PT404', null, 'an unknown student is not found');
select tests.act_as('nurse.south@med.demo');
select throws_ok($$select med_api.student_health_record((select id from ids where k = 'max'), 'curious')$$, 'PT404', null, 'a nurse of another school is refused');
select tests.act_as('aide.north@med.demo');
select throws_ok($$select med_api.student_health_record((select id from ids where k = 'max'), 'curious')$$, '42501', null, 'an aide may not read the full record');
select tests.act_as('guardian1@med.demo');
select throws_ok($$select med_api.student_health_record((select id from ids where k = 'max'), 'curious')$$, '42501', null, 'a guardian may not call it');
select tests.act_as('nurse@other-med.demo');
select throws_ok($$select med_api.student_health_record((select id from ids where k = 'max'), 'curious')$$, 'PT404', null, 'the other district is refused');
reset role;
select is((select count(*) from med.health_record_reads where id > (select n from marks where k = 'reads')), 0::bigint,
    'no refused call left a read-log row');

-- the supervisor reads any record of the district; who sees the log
select tests.act_as('supervisor@med.demo');
select lives_ok($$select med_api.student_health_record((select id from ids where k = 'max'), 'complaint review')$$, 'the supervisor reads the record');
select ok((select count(*) from med_api.health_record_reads where student_id = (select id from ids where k = 'max')) = 3,
    'the supervisor sees every read of the record');
select tests.act_as('nurse.north@med.demo');
select ok(exists (select from med_api.health_record_reads where read_by = (select id from ids where k = 'supervisor')),
    'the school''s nurse sees the reads of her students, the supervisor''s included');
select tests.act_as('nurse.south@med.demo');
select is((select count(*) from med_api.health_record_reads where student_id = (select id from ids where k = 'max')), 0::bigint,
    'another school''s nurse sees none of them');
-- the record flags a guardian whose restriction starts and ends today
reset role;
insert into ids select 'ava', id from med.students where first_name = 'Ava' and last_name = 'Stone';
update med.custody_restrictions set starts_on = (now() at time zone 'America/Los_Angeles')::date, ends_on = (now() at time zone 'America/Los_Angeles')::date
where guardian_id = (select id from med.guardians where full_name = 'Rick Stone');
select tests.act_as('nurse.north@med.demo');
select is((select (g ->> 'is_restricted')::boolean from json_array_elements(med_api.student_health_record((select id from ids where k = 'ava'), 'custody check') -> 'guardians') as g
           where g ->> 'full_name' = 'Rick Stone'), true, 'a guardian restricted from today until today is flagged restricted');
reset role;
select throws_ok($$update med.health_record_reads set reason = 'edited'$$, '42501', null, 'the read log is append-only');

-- an action plan is in force through its expires_on day (the school's local
-- date): expiring today it is not expired, expired yesterday it is
reset role;
insert into med.action_plans (tenant_id, student_id, kind, instructions, expires_on)
select tenant_id, id, kind, 'plan of the edge test (' || kind || ')', med_private.school_local_date(school_id) - days
from med.students, (values ('seizure', 0), ('diabetes', 1)) as plans (kind, days)
where id = (select id from ids where k = 'max');
select tests.act_as('nurse.north@med.demo');
insert into records select 'plans', med_api.student_health_record((select id from ids where k = 'max'), 'action plan review');
reset role;
select results_eq($$select p ->> 'kind', (p ->> 'is_expired')::boolean from records, json_array_elements(r -> 'action_plans') as p
                    where k = 'plans' and p ->> 'instructions' like 'plan of the edge test%' order by 1$$,
                  $$values ('diabetes', true), ('seizure', false)$$,
                  'a plan expiring today (school date) is not expired; one that expired yesterday is');

select * from finish();
rollback;
