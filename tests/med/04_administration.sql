-- The administration record: a dose is refused without an active order and
-- consent, outside the order's dates, past the PRN daily maximum (counted per
-- calendar day in the school's time zone) or before the minimum interval
-- (across midnight); every dose records who gave it; epinephrine alerts.
begin;
select plan(78);

create temp table ids (k text primary key, id uuid);
grant all on ids to public;
insert into ids select 'max', id from med.students where first_name = 'Max' and last_name = 'Nguyen';
insert into ids select 'lily', id from med.students where first_name = 'Lily' and last_name = 'Nguyen';
insert into ids select 'ethan', id from med.students where first_name = 'Ethan' and last_name = 'Brooks';
insert into ids select 'aide', id from core.users where email = 'aide.north@med.demo';
insert into ids select 'epi', id from med.medication_orders where medication like 'EpiPen%';
-- d: a school day three days ago at North (America/Los_Angeles, UTC-8 in winter, UTC-7 in summer)
create temp table days (k text primary key, d date);
grant all on days to public;
insert into days values ('today', (now() at time zone 'America/Los_Angeles')::date),
                        ('d', (now() at time zone 'America/Los_Angeles')::date - 3);
create function pg_temp.la(day_key text, plus int, t time) returns timestamptz language sql stable
as $$ select ((select d from days where k = day_key) + plus + t) at time zone 'America/Los_Angeles' $$;
grant execute on function pg_temp.la(text, int, time) to public;

select tests.act_as('nurse.north@med.demo');
insert into ids select 'daily', med_api.add_medication_order((select id from ids where k = 'max'), 'Acetaminophen', '325 mg', 'oral',
    true, 2, interval '1 hour', (select d from days where k = 'today') - 10, (select d from days where k = 'today') + 10, true, 'Dr. Hana Sato');
insert into ids select 'interval', med_api.add_medication_order((select id from ids where k = 'max'), 'Ibuprofen', '200 mg', 'oral',
    true, 4, interval '4 hours', (select d from days where k = 'today') - 10, (select d from days where k = 'today') + 10, true, 'Dr. Hana Sato');
insert into ids select 'later', med_api.add_medication_order((select id from ids where k = 'max'), 'Loratadine', '5 mg', 'oral',
    false, 1, null, (select d from days where k = 'today') - 1, (select d from days where k = 'today') + 10, true, 'Dr. Hana Sato');
insert into ids select 'no_consent', med_api.add_medication_order((select id from ids where k = 'max'), 'Cough syrup', '5 ml', 'oral',
    true, 3, interval '4 hours', (select d from days where k = 'today') - 10, (select d from days where k = 'today') + 10, false, 'Dr. Hana Sato');
insert into ids select 'no_prescriber', med_api.add_medication_order((select id from ids where k = 'max'), 'Antacid', '1 tablet', 'oral',
    true, 3, interval '4 hours', (select d from days where k = 'today') - 10, (select d from days where k = 'today') + 10, true);
-- entered ten days ago, as the late entries below need (none is placed
-- before its order was entered)
reset role;
update med.medication_orders set created_at = now() - interval '10 days'
where id in (select id from ids where k in ('daily', 'interval', 'later', 'no_consent', 'no_prescriber'));
select tests.act_as('nurse.north@med.demo');

-- the daily maximum is counted per calendar day in the school's zone:
-- 10:00 and 15:00 local are day d; 17:00 local is still day d although it is already the next day in UTC
select lives_ok($$select med_api.administer_medication((select id from ids where k = 'daily'), pg_temp.la('d', 0, '10:00'))$$, 'first dose of day d');
select lives_ok($$select med_api.administer_medication((select id from ids where k = 'daily'), pg_temp.la('d', 0, '15:00'))$$, 'second dose of day d');
select isnt((pg_temp.la('d', 0, '17:00') at time zone 'UTC')::date, (select d from days where k = 'd'),
    'premise: 17:00 in Los Angeles is already the next calendar day in UTC (the session runs in UTC)');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'daily'), pg_temp.la('d', 0, '17:00'))$$,
    'P0001', null, 'a third dose at 17:00 local is refused: the daily maximum of day d (school time) is reached');
select lives_ok($$select med_api.administer_medication((select id from ids where k = 'daily'), pg_temp.la('d', 1, '09:00'))$$,
    'the next school day starts a new count (control)');
select is((select local_date from med_api.medication_doses where order_id = (select id from ids where k = 'daily') order by given_at desc limit 1),
    (select d + 1 from days where k = 'd'), 'each dose carries its school-local calendar day');

-- the minimum interval crosses midnight
select lives_ok($$select med_api.administer_medication((select id from ids where k = 'interval'), pg_temp.la('d', 0, '22:30'))$$, 'a dose at 22:30');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'interval'), pg_temp.la('d', 1, '01:00'))$$,
    'P0001', null, 'a dose at 01:00 the next day is refused: only 2.5 hours after the last, across midnight');
select lives_ok($$select med_api.administer_medication((select id from ids where k = 'interval'), pg_temp.la('d', 1, '02:45'))$$,
    'a dose 4 hours 15 minutes later is given (control)');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'interval'), pg_temp.la('d', 0, '20:00'))$$,
    'P0001', null, 'a late entry placed 2.5 hours before an existing dose is refused too (the interval holds on both sides)');

-- consent, prescriber, dates
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'no_consent'), now() - interval '1 minute')$$,
    'P0001', null, 'no dose without guardian consent');
select throws_like($$select med_api.administer_medication((select id from ids where k = 'no_consent'), now() - interval '1 minute')$$,
    '%no guardian consent%', 'the refusal says why');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'no_prescriber'), now() - interval '1 minute')$$,
    'P0001', null, 'no dose without a prescriber on file');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'later'), pg_temp.la('d', 0, '12:00'))$$,
    'P0001', null, 'a dose before the order''s start date is refused');
select lives_ok($$select med_api.administer_medication((select id from ids where k = 'later'), now() - interval '1 minute')$$,
    'the same order today is given (control)');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'later'), now() + interval '1 hour')$$,
    '22023', null, 'a dose in the future is malformed');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'later'), 'infinity')$$,
    '22023', null, 'an infinite time is malformed');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'later'), '-infinity')$$,
    '22023', null, 'a time infinitely in the past is malformed (not a late entry)');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'later'), null)$$,
    '22023', null, 'a missing time is malformed');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'later'), now() - interval '30 seconds')$$,
    'P0001', null, 'a scheduled once-a-day order gives no second dose the same day (its daily maximum)');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'later'), now() - interval '8 days')$$,
    'P0001', null, 'a late entry over 7 days is refused');
select throws_like($$select med_api.administer_medication((select id from ids where k = 'interval'), now() - interval '8 days')$$,
    '%more than 7 days ago%', 'a late entry over 7 days is refused even within the order''s dates');
select throws_ok($$select med_api.administer_medication(gen_random_uuid())$$, 'PT404', null, 'an unknown order is not found');

-- the paperwork put on file later makes the order usable; a discontinued order gives no dose
select throws_ok($$select med_api.authorize_order((select id from ids where k = 'no_consent'))$$, '22023', null,
    'authorizing names a prescriber or a consent');
select lives_ok($$select med_api.authorize_order((select id from ids where k = 'no_consent'), null, true)$$,
    'the guardian''s signed consent is put on file');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'no_consent'), now() - interval '2 minutes')$$,
    'P0001', null, 'but no late entry of a dose given before the consent was on file');
select lives_ok($$select med_api.administer_medication((select id from ids where k = 'no_consent'), now())$$,
    'now the dose is given');
select lives_ok($$select med_api.authorize_order((select id from ids where k = 'no_prescriber'), 'Dr. Lena Ito')$$,
    'the prescriber is put on file');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'no_prescriber'), now() - interval '2 minutes')$$,
    'P0001', null, 'nor of one given before the prescriber was on file');
select lives_ok($$select med_api.administer_medication((select id from ids where k = 'no_prescriber'), now())$$,
    'and that order''s dose is given too');
-- an order entered complete (no authorized_at) gives no dose placed before it was entered
insert into ids select 'entered_now', med_api.add_medication_order((select id from ids where k = 'max'), 'Fexofenadine', '30 mg', 'oral',
    false, 1, null, (select d from days where k = 'today') - 7, (select d from days where k = 'today') + 10, true, 'Dr. Hana Sato');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'entered_now'), now() - interval '6 days')$$,
    'P0001', null, 'no late entry of a dose 6 days before the order, entered complete, existed (within its dates and the 7 days)');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'entered_now'), now() - interval '1 second')$$,
    'P0001', null, 'nor a second before it was entered');
select lives_ok($$select med_api.administer_medication((select id from ids where k = 'entered_now'), now())$$,
    'the dose at the moment it was entered is given (control)');
select throws_ok($$select med_api.discontinue_order((select id from ids where k = 'no_consent'), ' ')$$, '22023', null, 'discontinuing needs a reason');
select lives_ok($$select med_api.discontinue_order((select id from ids where k = 'no_consent'), 'cough resolved, per Dr. Sato')$$,
    'the nurse discontinues the cough syrup');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'no_consent'), clock_timestamp())$$, 'P0001', null,
    'no dose after the order was discontinued');
select throws_like($$select med_api.administer_medication((select id from ids where k = 'no_consent'), clock_timestamp())$$, '%was discontinued%',
    'and the refusal is the discontinuation');
-- the discontinuation is stamped when its lock is held, not at the start of
-- its transaction (now()): a dose recorded in between (here at
-- clock_timestamp(), as another request that began later but reached the
-- order first stamps it) is never after it
insert into ids select 'stopped', med_api.add_medication_order((select id from ids where k = 'max'), 'Montelukast', '5 mg', 'oral',
    true, 2, interval '1 hour', (select d from days where k = 'today') - 1, (select d from days where k = 'today') + 10, true, 'Dr. Hana Sato');
select pg_sleep(0.01);
select lives_ok($$select med_api.administer_medication((select id from ids where k = 'stopped'), clock_timestamp())$$,
    'a dose is recorded after this transaction began');
select lives_ok($$select med_api.discontinue_order((select id from ids where k = 'stopped'), 'stopped by the prescriber')$$,
    'then the order is discontinued');
reset role;
select ok((select orders.discontinued_at >= max(doses.given_at) and orders.discontinued_at > now()
           from med.medication_orders as orders join med.medication_doses as doses on doses.order_id = orders.id
           where orders.id = (select id from ids where k = 'stopped') group by orders.discontinued_at),
    'the discontinuation is stamped after the dose recorded before it (clock_timestamp at the lock, not now())');
select tests.act_as('nurse.north@med.demo');
select throws_like($$select med_api.administer_medication((select id from ids where k = 'stopped'),
        (select discontinued_at from med_api.medication_orders where id = (select id from ids where k = 'stopped')))$$, '%was discontinued%',
    'a dose at the very instant of the discontinuation is refused, as discontinued');
select throws_ok($$select med_api.discontinue_order((select id from ids where k = 'no_consent'), 'again')$$, 'PT409', null,
    'discontinuing twice is a conflict');
select throws_ok($$select med_api.authorize_order((select id from ids where k = 'no_consent'), 'Dr. X')$$, 'PT409', null,
    'a discontinued order takes no more paperwork');

-- who gave it
select tests.act_as('aide.north@med.demo');
select throws_ok($$select med_api.discontinue_order((select id from ids where k = 'interval'), 'aide says so')$$, '42501', null,
    'an aide may not discontinue an order');
select lives_ok($$insert into ids select 'aide_dose', med_api.administer_medication((select id from ids where k = 'interval'), now() - interval '10 minutes')$$,
    'the aide of the school gives a dose');
select is((select given_by from med_api.medication_doses where id = (select id from ids where k = 'aide_dose')), (select id from ids where k = 'aide'),
    'the dose records the aide who gave it');
reset role;
select throws_ok($$update med.medication_doses set given_by = null where id = (select id from ids where k = 'aide_dose')$$,
    '42501', null, 'the administration record is append-only, even for the owner');

-- a guardian's refusal of medication consent for the school year stops every dose
select tests.act_as('nurse.north@med.demo');
insert into ids select 'consent_year', med_api.add_medication_order((select id from ids where k = 'max'), 'Cetirizine', '5 mg', 'oral',
    true, 2, interval '4 hours', (select d from days where k = 'today') - 1, (select d from days where k = 'today') + 10, true, 'Dr. Hana Sato');
reset role;
update med.medication_orders set created_at = now() - interval '1 day' where id = (select id from ids where k = 'consent_year');
select tests.act_as('guardian1@med.demo');
select lives_ok($$select med_api.record_consent((select id from ids where k = 'max'),
        date_part('year', (select d from days where k = 'today') - interval '7 months')::int, 'medication', false)$$,
    'the guardian refuses medication consent for this school year');
select tests.act_as('nurse.north@med.demo');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'consent_year'), now())$$,
    'P0001', null, 'no dose once the guardian refused medication consent for the school year, although the order says consent');
select tests.act_as('guardian1@med.demo');
select lives_ok($$select med_api.record_consent((select id from ids where k = 'max'),
        date_part('year', (select d from days where k = 'today') - interval '7 months')::int, 'medication', true)$$,
    'the guardian signs the consent again');
select tests.act_as('nurse.north@med.demo');
select lives_ok($$select med_api.administer_medication((select id from ids where k = 'consent_year'), now())$$,
    'with the consent granted again the dose is given (control)');

-- a late entry is judged by the answer in force when the dose was given
-- (med_private.consent_at): the row holds the last answer, core.audit_log
-- the ones before, dated here as if the earlier answer had been recorded
-- three days ago. Lily: refused then, granted now; another North student:
-- granted then, refused now. Each gets an order entered five days ago.
reset role;
insert into ids
select 'other_north', students.id
from med.students as students
join med.schools as schools on schools.id = students.school_id
where schools.name = 'North Elementary' and students.id not in (select id from ids where k in ('max', 'lily'))
order by students.id
limit 1;
create temp table late (k text primary key, year int);
grant all on late to public;
insert into late values ('year', date_part('year', ((now() - interval '2 days') at time zone 'America/Los_Angeles')::date - interval '7 months')::int);
select tests.act_as('nurse.north@med.demo');
insert into ids select 'refused_then', med_api.add_medication_order((select id from ids where k = 'lily'), 'Cetirizine', '5 mg', 'oral',
    true, 2, interval '4 hours', (select d from days where k = 'today') - 5, (select d from days where k = 'today') + 10, true, 'Dr. Hana Sato');
insert into ids select 'granted_then', med_api.add_medication_order((select id from ids where k = 'other_north'), 'Cetirizine', '5 mg', 'oral',
    true, 2, interval '4 hours', (select d from days where k = 'today') - 5, (select d from days where k = 'today') + 10, true, 'Dr. Hana Sato');
reset role;
-- written directly: the school year of two days ago may be the last one,
-- which record_consent no longer takes (it records the current and next)
with answers as (
    insert into med.consents (tenant_id, student_id, school_year, kind, is_granted)
    select students.tenant_id, students.id, (select year from late), 'medication', students.id = (select id from ids where k = 'lily')
    from med.students as students
    where students.id in (select id from ids where k in ('lily', 'other_north'))
    on conflict (student_id, school_year, kind) do update set is_granted = excluded.is_granted, recorded_at = now()
    returning consents.id, consents.student_id
)
insert into ids
select case when answers.student_id = (select id from ids where k = 'lily') then 'lily_consent' else 'other_consent' end, answers.id
from answers;
update med.medication_orders set created_at = now() - interval '5 days' where id in (select id from ids where k in ('refused_then', 'granted_then'));
insert into core.audit_log (tenant_id, table_name, row_key, operation, new_row, at)
select consents.tenant_id, 'med.consents', jsonb_build_object('id', consents.id), 'UPDATE',
       to_jsonb(consents) || jsonb_build_object('is_granted', not consents.is_granted, 'recorded_at', now() - interval '3 days'),
       now() - interval '3 days'
from med.consents as consents
where consents.id in (select id from ids where k in ('lily_consent', 'other_consent'));
select tests.act_as('nurse.north@med.demo');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'refused_then'), now() - interval '2 days')$$,
    'P0001', null, 'a late entry of a dose given while the guardians refused is refused, though they granted consent since');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'refused_then'), now() - interval '3 days')$$,
    'P0001', null, 'as is one given at the very instant the refusal was recorded');
select lives_ok($$select med_api.administer_medication((select id from ids where k = 'refused_then'), now())$$,
    'a dose given now, under the consent granted again, is given (control)');
select lives_ok($$select med_api.administer_medication((select id from ids where k = 'granted_then'), now() - interval '2 days')$$,
    'a late entry of a dose given with consent is recorded, though the guardians refused since: it was given');
reset role;
select is(med_private.consent_at((select id from ids where k = 'other_north'), 'medication', (select year from late), now()), false,
    'that student''s guardians refuse now (control: the refusal is in force from its recording on)');
-- an answer is in force from its recorded_at, not from the time its log
-- entry was written (a few milliseconds later through record_consent, much
-- later for a row written with an earlier date): a third North student's
-- guardians refused an hour ago (the row written now, dated then), then
-- granted consent again
insert into ids
select 'hour_north', students.id
from med.students as students
join med.schools as schools on schools.id = students.school_id
where schools.name = 'North Elementary'
  and students.id not in (select id from ids where k in ('max', 'lily', 'other_north'))
order by students.id
limit 1;
create temp table hour_ago (k text primary key, at timestamptz, year int);
grant all on hour_ago to public;
insert into hour_ago values ('refusal', now() - interval '1 hour',
    date_part('year', ((now() - interval '1 hour') at time zone 'America/Los_Angeles')::date - interval '7 months')::int);
insert into med.consents (tenant_id, student_id, school_year, kind, is_granted, recorded_at)
select students.tenant_id, students.id, (select year from hour_ago), 'medication', false, (select at from hour_ago)
from med.students as students where students.id = (select id from ids where k = 'hour_north')
on conflict (student_id, school_year, kind) do update set is_granted = false, recorded_at = excluded.recorded_at;
update med.consents set is_granted = true, recorded_at = now()
where student_id = (select id from ids where k = 'hour_north') and school_year = (select year from hour_ago) and kind = 'medication';
select tests.act_as('nurse.north@med.demo');
insert into ids select 'hour_order', med_api.add_medication_order((select id from ids where k = 'hour_north'), 'Famotidine', '10 mg', 'oral',
    true, 2, interval '4 hours', (select d from days where k = 'today') - 1, (select d from days where k = 'today') + 10, true, 'Dr. Hana Sato');
reset role;
update med.medication_orders set created_at = now() - interval '1 day' where id = (select id from ids where k = 'hour_order');
select tests.act_as('nurse.north@med.demo');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'hour_order'), (select at from hour_ago))$$,
    'P0001', null, 'a dose at the instant of a refusal recorded then, and logged later, is under it once consent is granted again');
-- a row with no log entry (restored with triggers off): its answer is in
-- force from its very recorded_at, from the row alone
reset role;
set local session_replication_role = replica;
insert into med.consents (tenant_id, student_id, school_year, kind, is_granted, recorded_at)
select students.tenant_id, students.id, (select year from hour_ago), 'emergency_treatment', false, (select at from hour_ago)
from med.students as students where students.id = (select id from ids where k = 'hour_north')
on conflict (student_id, school_year, kind) do update set is_granted = false, recorded_at = excluded.recorded_at;
set local session_replication_role = origin;
select is(med_private.consent_at((select id from ids where k = 'hour_north'), 'emergency_treatment', (select year from hour_ago),
                                 (select at from hour_ago)), false,
    'an answer with no log entry is in force from its own recorded_at on');
select tests.act_as('nurse.north@med.demo');

-- exactly at the boundaries: a late entry of 7 days, a dose 5 minutes ahead
-- of the server's clock, doses exactly the minimum interval apart on either
-- side, an order whose only day is today
insert into ids select 'edges', med_api.add_medication_order((select id from ids where k = 'max'), 'Naproxen', '220 mg', 'oral',
    true, 3, interval '1 hour', (select d from days where k = 'today') - 10, (select d from days where k = 'today') + 10, true, 'Dr. Hana Sato');
insert into ids select 'one_day', med_api.add_medication_order((select id from ids where k = 'max'), 'Diphenhydramine', '25 mg', 'oral',
    false, 1, null, (select d from days where k = 'today'), (select d from days where k = 'today'), true, 'Dr. Hana Sato');
reset role;
update med.medication_orders set created_at = now() - interval '10 days' where id = (select id from ids where k = 'edges');
select tests.act_as('nurse.north@med.demo');
select lives_ok($$select med_api.administer_medication((select id from ids where k = 'edges'), now() - interval '7 days')$$,
    'a late entry of exactly 7 days is accepted');
select lives_ok($$select med_api.administer_medication((select id from ids where k = 'edges'), now() - interval '7 days' + interval '1 hour')$$,
    'a dose exactly the minimum interval after the last one is given');
select lives_ok($$select med_api.administer_medication((select id from ids where k = 'edges'), now() + interval '5 minutes')$$,
    'a dose 5 minutes ahead of the server''s clock is accepted (clock skew)');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'edges'), now() + interval '5 minutes 1 second')$$,
    '22023', null, 'one second more is in the future');
select lives_ok($$select med_api.administer_medication((select id from ids where k = 'edges'), now() - interval '55 minutes')$$,
    'a late entry exactly the minimum interval before a later dose is given');
select lives_ok($$select med_api.administer_medication((select id from ids where k = 'one_day'), now())$$,
    'an order starting and ending today gives its dose today');

-- an aide of another school, a teacher
select tests.act_as('nurse.south@med.demo');
insert into ids select 'south_order', med_api.add_medication_order((select id from ids where k = 'ethan'), 'Ibuprofen', '200 mg', 'oral',
    true, 2, interval '4 hours', (select d from days where k = 'today') - 1, (select d from days where k = 'today') + 10, true, 'Dr. South');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'interval'))$$, 'PT404', null,
    'a nurse of another school may not give a dose of a North order');
select tests.act_as('aide.north@med.demo');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'south_order'))$$, 'PT404', null,
    'an aide may not give a dose on an order of another school');
select tests.act_as('teacher.north@med.demo');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'interval'))$$, '42501', null, 'a teacher gives no doses');
select throws_ok($$select * from med_api.medication_doses$$, '42501', null, 'a teacher may not read the administration record');

-- epinephrine notifies the guardians and the supervisor at once
reset role;
create temp table job_mark as select coalesce(max(id), 0) as id from core.jobs;
grant all on job_mark to public;
select tests.act_as('nurse.north@med.demo');
select lives_ok($$select med_api.administer_medication((select id from ids where k = 'epi'))$$, 'Lily''s epinephrine is given');
reset role;
select set_eq($$select kind, payload ->> 'to' from core.jobs where id > (select id from job_mark)$$,
    $$values ('sms.ems_alert', '+15555550101'), ('mailer.ems_alert', 'guardian1@med.demo'),
             ('sms.ems_alert', '+15555550102'), ('mailer.ems_alert', 'tom.nguyen@families.example'),
             ('mailer.ems_alert', 'supervisor@med.demo')$$,
    'an SMS and an e-mail to each guardian and an e-mail to the supervisor');
select ok((select bool_and(payload ->> 'reason' = 'epinephrine' and payload ->> 'student_name' = 'Lily Nguyen'
                           and payload ->> 'school_name' = 'North Elementary' and payload ->> 'app' = 'med'
                           and payload ->> 'tenant_name' = 'Demo District' and payload ? 'to_name' and payload ? 'at')
           from core.jobs where id > (select id from job_mark)),
    'each alert carries the envelope and what the worker renders (reason epinephrine)');
-- an epinephrine order whose name was pasted with a soft hyphen inside
-- ("Epi<U+00AD>Pen", shown as EpiPen) alerts the same, and is the same drug
-- as the EpiPen spelled plainly (one interval)
reset role;
update job_mark set id = (select coalesce(max(id), 0) from core.jobs);
select tests.act_as('nurse.north@med.demo');
insert into ids select 'epi_shy', med_api.add_medication_order((select id from ids where k = 'max'), E'Epi\u00adPen Jr', '0.15 mg', 'injection',
    true, 2, interval '15 minutes', (select d from days where k = 'today') - 1, (select d from days where k = 'today') + 10, true, 'Dr. Hana Sato');
insert into ids select 'epi_plain', med_api.add_medication_order((select id from ids where k = 'max'), 'EpiPen Jr', '0.15 mg', 'injection',
    true, 2, interval '15 minutes', (select d from days where k = 'today') - 1, (select d from days where k = 'today') + 10, true, 'Dr. Hana Sato');
select lives_ok($$select med_api.administer_medication((select id from ids where k = 'epi_shy'))$$,
    'Max''s EpiPen, its name pasted with a soft hyphen, is given');
reset role;
select set_eq($$select kind, payload ->> 'to' from core.jobs where id > (select id from job_mark) and payload ->> 'reason' = 'epinephrine'$$,
    $$values ('sms.ems_alert', '+15555550101'), ('mailer.ems_alert', 'guardian1@med.demo'),
             ('sms.ems_alert', '+15555550102'), ('mailer.ems_alert', 'tom.nguyen@families.example'),
             ('mailer.ems_alert', 'supervisor@med.demo')$$,
    'the dose under the order named with a soft hyphen queues the EMS alert to each guardian and the supervisor');
select tests.act_as('nurse.north@med.demo');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'epi_plain'))$$, 'P0001', null,
    'a dose under the plainly spelled EpiPen order at once is refused: one drug, 15 minutes from the dose under the other');
-- and so is one named with a character above U+FFFF that shows nothing (a
-- variation selector of plane 14, a tag character)
insert into ids select 'epi_tag', med_api.add_medication_order((select id from ids where k = 'max'), 'Epi' || U&'\+0E0100' || 'Pen J' || U&'\+0E0072',
    '0.15 mg', 'injection', true, 2, interval '15 minutes', (select d from days where k = 'today') - 1, (select d from days where k = 'today') + 10,
    true, 'Dr. Hana Sato');
select ok((select is_epinephrine from med_api.medication_orders where id = (select id from ids where k = 'epi_tag')),
    'an EpiPen named with plane-14 characters inside is an epinephrine order');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'epi_tag'))$$, 'P0001', null,
    'and the same drug as the others: its dose at once is refused too');
-- and so is an Auvi-Q whose parts are joined by an en dash (U+2013)
insert into ids select 'auvi_en', med_api.add_medication_order((select id from ids where k = 'max'), E'Auvi\u2013Q 0.15 mg',
    '0.15 mg', 'injection', true, 2, interval '15 minutes', (select d from days where k = 'today') - 1, (select d from days where k = 'today') + 10,
    true, 'Dr. Hana Sato');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'auvi_en'))$$, 'P0001', null,
    'an Auvi<en dash>Q dose at once is refused: epinephrine, 15 minutes from the dose under the EpiPen');
reset role;
select is((select count(*) from med.medication_doses where order_id = (select id from ids where k = 'daily')), 3::bigint,
    'the refused doses left nothing behind: three of the daily order''s four attempts stand');

select * from finish();
rollback;
