-- Exemptions (medical ones expire) and conditional enrollment with a
-- deadline, which queues the immunization deficiency letter.
begin;
select plan(40);

create temp table ids (k text primary key, id uuid);
grant all on ids to public;
insert into ids select 'north', id from med.schools where name = 'North Elementary';
insert into ids select 'max', id from med.students where first_name = 'Max' and last_name = 'Nguyen';
insert into ids select 'lily', id from med.students where first_name = 'Lily' and last_name = 'Nguyen';
create temp table marks (k text primary key, n bigint);
grant all on marks to public;
insert into marks select 'jobs', coalesce(max(id), 0) from core.jobs;
-- a call as PostgREST makes it on POST /rpc: in a read-only transaction
-- unless the function is volatile; returns 'ok' or the SQLSTATE it raised,
-- and undoes what the call did
create function pg_temp.as_postgrest(fn regprocedure, call text) returns text language plpgsql volatile
as $$
begin
    begin
        if (select provolatile from pg_proc where oid = fn) <> 'v' then
            perform set_config('transaction_read_only', 'on', true);
        end if;
        execute call;
        raise exception 'undo' using errcode = 'TH000';
    exception
        when sqlstate 'TH000' then
            return 'ok';
        when others then
            return sqlstate;
    end;
end
$$;
grant execute on function pg_temp.as_postgrest(regprocedure, text) to public;
create temp table dates (k text primary key, d date);
grant all on dates to public;
insert into dates values ('today', (now() at time zone 'America/Los_Angeles')::date);

select tests.act_as('nurse.north@med.demo');
insert into ids select 'kid', med_api.enroll_student((select id from ids where k = 'north'), 'Nia', 'Okafor', (current_date - 2400), 1);
select med_api.record_immunization((select id from ids where k = 'kid'), 'Varicella', current_date - 2000);
select results_eq($$select valid_doses, compliant from med_api.immunization_status((select id from ids where k = 'kid')) where vaccine = 'Varicella'$$,
    $$values (1, false)$$, 'one Varicella dose: not compliant');

-- exemptions
select throws_ok($$select med_api.record_exemption((select id from ids where k = 'kid'), 'Varicella', 'medical')$$,
    '22023', null, 'a medical exemption without expiry is malformed');
select throws_ok($$select med_api.record_exemption((select id from ids where k = 'kid'), 'Varicella', 'medical', current_date - 1)$$,
    'P0001', null, 'a medical exemption already expired is refused');
select throws_ok($$select med_api.record_exemption((select id from ids where k = 'kid'), 'Varicella', 'philosophical')$$,
    '22023', null, 'an unknown exemption kind is malformed');
select throws_ok($$select med_api.record_exemption((select id from ids where k = 'kid'), 'Varicella', 'medical', date '9999-12-31')$$,
    'P0001', null, 'a medical exemption valid for more than a year is refused: medical exemptions expire');
select throws_ok($$select med_api.record_exemption((select id from ids where k = 'kid'), 'Varicella', 'medical', 'infinity')$$,
    '22023', null, 'a medical exemption expiring at infinity is malformed');
select throws_ok($$select med_api.record_exemption((select id from ids where k = 'kid'), 'HepB', 'religious', 'infinity')$$,
    '22023', null, 'any expiry at infinity is malformed (a religious exemption without expiry leaves it null)');
select lives_ok($$select med_api.record_exemption((select id from ids where k = 'kid'), 'Varicella', 'medical', current_date + 180, 'chemotherapy')$$,
    'a medical exemption until a date');
select results_eq($$select compliant, reason from med_api.immunization_status((select id from ids where k = 'kid')) where vaccine = 'Varicella'$$,
    $$select true, 'medical exemption until ' || (current_date + 180)$$, 'the exemption makes the student compliant for that vaccine, and says so');
select is((select compliant from med_api.immunization_status((select id from ids where k = 'kid')) where vaccine = 'MMR'), false,
    'but for no other vaccine');
-- a medical exemption that has expired no longer counts
reset role;
update med.exemptions set granted_on = current_date - 400, expires_on = current_date - 30 where student_id = (select id from ids where k = 'kid');
select tests.act_as('nurse.north@med.demo');
select is((select compliant from med_api.immunization_status((select id from ids where k = 'kid')) where vaccine = 'Varicella'), false,
    'an expired medical exemption no longer counts');
-- exactly at the boundaries (North's calendar day): an exemption still in
-- force on its expiry date would count for nothing, a medical one may run
-- exactly 366 days; one expiring today no longer counts
reset role;
update med.exemptions set granted_on = (select d from dates where k = 'today') - 300, expires_on = (select d from dates where k = 'today')
where student_id = (select id from ids where k = 'kid');
select tests.act_as('nurse.north@med.demo');
select is((select compliant from med_api.immunization_status((select id from ids where k = 'kid')) where vaccine = 'Varicella'), false,
    'a medical exemption expiring today no longer counts');
select throws_ok($$select med_api.record_exemption((select id from ids where k = 'max'), 'DTaP', 'religious', (select d from dates where k = 'today'))$$,
    'P0001', null, 'an exemption expiring today is refused');
select lives_ok($$select med_api.record_exemption((select id from ids where k = 'max'), 'MMR', 'medical', (select d from dates where k = 'today') + 366)$$,
    'a medical exemption of exactly 366 days is accepted');
select lives_ok($$select med_api.record_exemption((select id from ids where k = 'kid'), 'HepB', 'religious')$$, 'a religious exemption needs no expiry');
select is((select compliant from med_api.immunization_status((select id from ids where k = 'kid')) where vaccine = 'HepB'), true,
    'the religious exemption makes HepB compliant');

-- conditional enrollment
select throws_ok($$select med_api.set_conditional_enrollment((select id from ids where k = 'max'), current_date + 30)$$,
    'PT409', null, 'a compliant student needs no conditional enrollment');
select throws_ok($$select med_api.set_conditional_enrollment((select id from ids where k = 'kid'), current_date - 1)$$,
    'P0001', null, 'a deadline in the past is refused');
select throws_ok($$select med_api.set_conditional_enrollment((select id from ids where k = 'kid'), null)$$,
    '22023', null, 'a conditional enrollment needs a deadline');
select lives_ok($$select med_api.set_conditional_enrollment((select id from ids where k = 'kid'), current_date + 45, 'appointment booked')$$,
    'a nurse enrolls the student on condition');
select is((select deadline from med_api.conditional_enrollments where student_id = (select id from ids where k = 'kid')), current_date + 45,
    'the deadline is recorded');
reset role;
select is((select count(*) from core.jobs where id > (select n from marks where k = 'jobs') and kind = 'pdfgen.immunization_deficiency'), 1::bigint,
    'the deficiency letter is queued');
select ok((select payload ->> 'student_name' = 'Nia Okafor' and payload ->> 'deadline' = (current_date + 45)::text
                  and payload ->> 'subject_table' = 'med.students' and payload ->> 'subject_id' = (select id::text from ids where k = 'kid')
                  and payload ->> 'file_name' like 'immunization-deficiency-%.pdf' and payload ->> 'school_name' = 'North Elementary'
                  and (payload ->> 'grade')::int = 1 and payload ? 'birth_date' and payload ->> 'tenant_name' = 'Demo District'
                  and jsonb_array_length(payload -> 'missing') = 4
                  and (select bool_and(m ? 'vaccine' and m ? 'valid_doses' and m ? 'required_doses' and m ? 'reason')
                       from jsonb_array_elements(payload -> 'missing') as m)
           from core.jobs where id > (select n from marks where k = 'jobs') and kind = 'pdfgen.immunization_deficiency'),
    'the letter carries the student, deadline and the four missing vaccines with their reasons (HepB exempt, not missing)');
select tests.act_as('supervisor@med.demo');
select lives_ok($$select med_api.send_deficiency_letter((select id from ids where k = 'lily'))$$, 'the supervisor sends a deficiency letter again');
select throws_ok($$select med_api.send_deficiency_letter((select id from ids where k = 'max'))$$, 'PT409', null, 'not for a compliant student');
select tests.act_as('nurse.north@med.demo');
select is(pg_temp.as_postgrest('med_api.send_deficiency_letter(uuid)', format('select med_api.send_deficiency_letter(%L)', (select id from ids where k = 'lily'))), 'ok',
    'the nurse sends a deficiency letter as PostgREST would call it (it queues a job, so it must run read-write: volatile)');
select tests.act_as('supervisor@med.demo');
select lives_ok($$select med_api.record_exemption((select id from ids where k = 'kid'), 'Polio', 'religious')$$, 'the supervisor records an exemption');
select lives_ok($$select med_api.set_conditional_enrollment((select id from ids where k = 'kid'), current_date + 60, 'per the supervisor')$$,
    'and a conditional enrollment');
select tests.act_as('aide.north@med.demo');
select throws_ok($$select med_api.set_conditional_enrollment((select id from ids where k = 'kid'), current_date + 45)$$,
    '42501', null, 'an aide may not enroll on condition');

select tests.act_as('nurse.north@med.demo');
select throws_ok($$select med_api.set_conditional_enrollment((select id from ids where k = 'kid'), (select d from dates where k = 'today'))$$,
    'P0001', null, 'a deadline of today is refused: it must lie after today');
select lives_ok($$select med_api.set_conditional_enrollment((select id from ids where k = 'kid'), (select d from dates where k = 'today') + 366)$$,
    'a deadline exactly 366 days ahead is accepted');

-- a week before the deadline the letter goes out again, once; also for a
-- deadline nearer than that, when the daily run missed the day a week before
reset role;
update marks set n = (select max(id) from core.jobs) where k = 'jobs';
update med.conditional_enrollments set deadline = (now() at time zone 'America/Los_Angeles')::date + 7
where student_id = (select id from ids where k = 'kid');
update med.conditional_enrollments set deadline = (now() at time zone 'America/Los_Angeles')::date + 3
where student_id = (select id from ids where k = 'lily');
select is(med_private.enqueue_deadline_letters(), 2,
    'a reminder for each student: one a week before the deadline, one 3 days before (the day a week before was missed)');
select is(med_private.enqueue_deadline_letters(), 2, 'the sweep may run again');
select is((select count(*) from core.jobs where id > (select n from marks where k = 'jobs') and kind = 'pdfgen.immunization_deficiency'), 2::bigint,
    'but queues nothing twice');
select set_eq($$select payload ->> 'student_id' from core.jobs where id > (select n from marks where k = 'jobs')$$,
    $$select id::text from ids where k in ('kid', 'lily')$$, 'one letter for each of the two students');
-- not 8 days before, nor on the deadline itself (past it the student is
-- not compliant, which is another letter's business)
update marks set n = (select max(id) from core.jobs) where k = 'jobs';
update med.conditional_enrollments set deadline = (now() at time zone 'America/Los_Angeles')::date + 8
where student_id = (select id from ids where k = 'kid');
update med.conditional_enrollments set deadline = (now() at time zone 'America/Los_Angeles')::date
where student_id = (select id from ids where k = 'lily');
select is(med_private.enqueue_deadline_letters(), 0, 'no reminder 8 days before the deadline, nor on the deadline');
-- a deadline set within the week: its letter is the reminder, so the
-- sweep adds none
select tests.act_as('nurse.north@med.demo');
select lives_ok($$select med_api.set_conditional_enrollment((select id from ids where k = 'lily'), (select d from dates where k = 'today') + 7)$$,
    'a nurse sets a deadline 7 days away');
reset role;
select is(med_private.enqueue_deadline_letters(), 1, 'the sweep finds the student within a week of the deadline');
select is((select count(*) from core.jobs where id > (select n from marks where k = 'jobs') and kind = 'pdfgen.immunization_deficiency'), 1::bigint,
    'but the letter set_conditional_enrollment queued is the only one');
select function_privs_are('med_private', 'enqueue_deadline_letters', array[]::text[], 'med_nurse', array[]::text[], 'no API role may run the sweep');

select * from finish();
rollback;
