-- Every malformed argument of the API is refused with its SQLSTATE (22023
-- for malformed values), a row the caller cannot see with PT404, and the
-- database is left exactly as it was.
begin;
select plan(39);

create temp table ids (k text primary key, id uuid);
grant all on ids to public;
insert into ids select 'max', id from med.students where first_name = 'Max' and last_name = 'Nguyen';
insert into ids select 'ethan', id from med.students where first_name = 'Ethan' and last_name = 'Brooks';
insert into ids select 'ava', id from med.students where first_name = 'Ava' and last_name = 'Stone';
insert into ids select 'dana', id from med.guardians where full_name = 'Dana Stone';
insert into ids select 'aide', id from core.users where email = 'aide.north@med.demo';
create temp table before as
select (select count(*) from med.authorized_pickups) + (select count(*) from med.guardians) + (select count(*) from med.medication_orders)
     + (select count(*) from med.controlled_counts) + (select count(*) from med.controlled_counts where witnessed_at is not null)
     + (select count(*) from med.incidents) + (select count(*) from med.action_plans) + (select count(*) from med.conditions)
     + (select count(*) from med.consents) + (select count(*) from med.exemptions) + (select count(*) from med.immunizations)
     + (select count(*) from med.screenings) + (select count(*) from med.visits) + (select count(*) from med.custody_restrictions)
     + (select count(*) from core.jobs) as n;
grant all on before to public;

select tests.act_as('nurse.north@med.demo');
select throws_ok($$select med_api.add_authorized_pickup((select id from ids where k = 'max'), ' ', 'aunt')$$, '22023', null, 'a pickup needs a name');
select throws_ok($$select med_api.add_authorized_pickup((select id from ids where k = 'max'), E'\u00a0\t', 'aunt')$$, '22023', null,
    'a name of no-break space and tab only is blank');
select throws_ok($$select med_api.add_authorized_pickup((select id from ids where k = 'max'), 'June Doe', 'aunt', '12345')$$, '22023', null, 'a pickup''s phone must be E.164');
select throws_ok($$select med_api.add_authorized_pickup((select id from ids where k = 'max'), 'Dana Stone', 'friend', null, (select id from ids where k = 'dana'))$$,
    'PT404', null, 'a pickup named as a guardian must be a guardian of that student');
select throws_ok($$select med_api.add_guardian((select id from ids where k = 'max'), 'Kim Doe', ' ')$$, '22023', null, 'a guardian needs a relationship');
select throws_ok($$select med_api.add_medication_order((select id from ids where k = 'max'), ' ', '5 mg', 'oral', false, 1, null, current_date, current_date + 9, true, 'Dr. X')$$,
    '22023', null, 'an order needs a medication');
select throws_ok($$select med_api.add_medication_order((select id from ids where k = 'max'), 'Zinc', '5 mg', 'oral', null, 1, null, current_date, current_date + 9, true, 'Dr. X')$$,
    '22023', null, 'prn must be true or false');
select throws_ok($$select med_api.add_medication_order((select id from ids where k = 'max'), 'Zinc', '5 mg', 'oral', false, 1, null, current_date - 500, current_date + 9, true, 'Dr. X')$$,
    'P0001', null, 'an order cannot start more than a year back (it would last over a year)');
select throws_ok($$select med_api.authorize_order(gen_random_uuid(), '  ')$$, '22023', null, 'a blank prescriber is malformed');
select throws_ok($$select med_api.authorize_order(gen_random_uuid(), 'Dr. X')$$, 'PT404', null, 'authorizing an unknown order: not found');
select throws_ok($$select med_api.discontinue_order(gen_random_uuid(), 'stop')$$, 'PT404', null, 'discontinuing an unknown order: not found');
select throws_ok($$select med_api.count_controlled(gen_random_uuid(), 3, (select id from ids where k = 'aide'))$$,
    'PT404', null, 'a count of an order that is not there is not found');
select throws_ok($$select med_api.count_controlled(gen_random_uuid(), -1, (select id from ids where k = 'aide'))$$, '22023', null, 'a negative count is malformed');
-- two billion counted became the books, and one more count-in overflowed
-- them: every dose and count of the order then failed with 22003
select throws_ok($$select med_api.count_controlled(gen_random_uuid(), 2147483647, (select id from ids where k = 'aide'))$$, '22023', null,
    'counting two billion units on hand is malformed');
select throws_ok($$select med_api.count_controlled(gen_random_uuid(), 10001, (select id from ids where k = 'aide'))$$, '22023', null,
    'counting 10001 units on hand is malformed (at most 10000)');
select throws_ok($$select med_api.count_controlled(gen_random_uuid(), 10000, (select id from ids where k = 'aide'))$$, 'PT404', null,
    'a count of 10000 is well-formed (then the unknown order is not found)');
select throws_ok($$select med_api.witness_count(gen_random_uuid())$$, 'PT404', null, 'witnessing a count that is not there: not found');
select throws_ok($$select med_api.record_action_plan((select id from ids where k = 'max'), 'asthma', ' ', current_date + 30)$$, '22023', null, 'an action plan needs instructions');
select throws_ok($$select med_api.record_condition((select id from ids where k = 'max'), '')$$, '22023', null, 'a condition needs a name');
select throws_ok($$select med_api.record_condition((select id from ids where k = 'max'), 'asthma', null, date '2001-01-01')$$, '22023', null, 'a diagnosis before birth is malformed');
select throws_ok($$select med_api.record_consent((select id from ids where k = 'max'), 2026, 'medication', null)$$, '22023', null, 'a consent needs an answer');
select throws_ok($$select med_api.record_exemption((select id from ids where k = 'max'), 'Rabies', 'religious')$$, '22023', null, 'an exemption names a known vaccine');
select throws_ok($$select med_api.record_immunization((select id from ids where k = 'max'), 'MMR', null)$$, '22023', null, 'a dose needs its date');
select throws_ok($$select med_api.record_screening((select id from ids where k = 'max'), 'vision', 'pass', null, 'infinity')$$, '22023', null, 'an infinite screening date is malformed');
select throws_ok($$select med_api.record_visit((select id from ids where k = 'max'), 'dizzy', 'returned_to_class', null, null, false, null, null, 400)$$,
    '22023', null, 'a pulse of 400 is malformed');
select throws_ok($$select med_api.record_visit((select id from ids where k = 'max'), 'dizzy', 'returned_to_class', null, null, null)$$,
    '22023', null, 'shared_with_guardian must be true or false');
select throws_ok($$select med_api.restrict_custody((select id from ids where k = 'ava'), (select id from ids where k = 'dana'), 'order', current_date - 10)$$,
    '22023', null, 'a restriction cannot end in the past');
select throws_ok($$select med_api.enroll_student(null, 'A', 'B', current_date - 2400, 1)$$, 'PT404', null, 'a missing school is not found');
select throws_ok($$select med_api.student_health_record(null, 'review')$$, 'PT404', null, 'a missing student is not found');
-- the allergen and a pickup's name are unique per student through a btree
-- index (at most about 2700 bytes a row): a longer one failed with 54000
select throws_ok($$select med_api.record_allergy((select id from ids where k = 'max'), (select string_agg(md5(g::text), '') from generate_series(1, 200) as g), 'hives', 'mild')$$,
    '22023', null, 'an allergen of 6400 characters is malformed');
select throws_ok($$select med_api.record_allergy((select id from ids where k = 'max'), repeat('a', 201), 'hives', 'mild')$$,
    '22023', null, 'an allergen of 201 characters is malformed');
select lives_ok($$select med_api.record_allergy((select id from ids where k = 'max'), repeat('a', 200), 'hives', 'mild')$$,
    'an allergen of 200 characters is recorded');
select throws_ok($$select med_api.add_authorized_pickup((select id from ids where k = 'max'), (select string_agg(md5(g::text), '') from generate_series(1, 200) as g), 'aunt')$$,
    '22023', null, 'a pickup name of 6400 characters is malformed');
select throws_ok($$select med_api.add_authorized_pickup((select id from ids where k = 'max'), repeat('b', 201), 'aunt')$$,
    '22023', null, 'a pickup name of 201 characters is malformed');
select tests.act_as('guardian1@med.demo');
select throws_ok($$select med_api.add_authorized_pickup((select id from ids where k = 'max'), (select string_agg(md5(g::text), '') from generate_series(1, 200) as g), 'aunt')$$,
    '22023', null, 'a guardian''s pickup name of 6400 characters is malformed');
select tests.act_as('supervisor@med.demo');
select throws_ok($$select med_api.resolve_incident(gen_random_uuid(), 'found it')$$, 'PT404', null, 'an unknown incident is not found');
reset role;
select is((select (select count(*) from med.authorized_pickups) + (select count(*) from med.guardians) + (select count(*) from med.medication_orders)
     + (select count(*) from med.controlled_counts) + (select count(*) from med.controlled_counts where witnessed_at is not null)
     + (select count(*) from med.incidents) + (select count(*) from med.action_plans) + (select count(*) from med.conditions)
     + (select count(*) from med.consents) + (select count(*) from med.exemptions) + (select count(*) from med.immunizations)
     + (select count(*) from med.screenings) + (select count(*) from med.visits) + (select count(*) from med.custody_restrictions)
     + (select count(*) from core.jobs)), (select n from before), 'none of the refused calls wrote a row or queued a job');

-- a dose beyond the series is recorded but does not count
select tests.act_as('nurse.north@med.demo');
select med_api.record_immunization((select id from ids where k = 'max'), 'DTaP', current_date - 20);
select results_eq($$select counts, reason like 'beyond the 5-dose series%' from med_api.immunization_doses((select id from ids where k = 'max'))
                   where vaccine = 'DTaP' and given_on = current_date - 20$$,
    $$values (false, true)$$, 'a sixth DTaP dose is beyond the series and does not count');
select is((select valid_doses from med_api.immunization_status((select id from ids where k = 'max')) where vaccine = 'DTaP'), 5,
    'the status still counts five');

select * from finish();
rollback;
