-- Immunizations validated dose by dose: minimum ages and intervals with the
-- 4-day grace period, no grace between live vaccines, the reduced DTaP and
-- Polio series, grade-dependent requirements, effective-dated rules.
begin;
select plan(60);

create temp table ids (k text primary key, id uuid);
grant all on ids to public;
insert into ids select 'north', id from med.schools where name = 'North Elementary';
insert into ids select 'south', id from med.schools where name = 'South Middle';
insert into ids select 'max', id from med.students where first_name = 'Max' and last_name = 'Nguyen';
insert into ids select 'ava', id from med.students where first_name = 'Ava' and last_name = 'Stone';
insert into ids select 'ethan', id from med.students where first_name = 'Ethan' and last_name = 'Brooks';
-- b: the birth date of the test students (six and a half years old, grade 1)
create temp table vals (k text primary key, d date);
grant all on vals to public;
insert into vals values ('b', (now() at time zone 'America/Los_Angeles')::date - 2400);
create function pg_temp.dose(student text, vaccine text, age interval) returns uuid language sql volatile
as $$ select med_api.record_immunization((select id from ids where k = student), vaccine, ((select d from vals where k = 'b') + age)::date) $$;
grant execute on function pg_temp.dose(text, text, interval) to public;
create function pg_temp.counts(student text, vaccine text, age interval) returns boolean language sql stable
as $$ select e.counts from med_api.immunization_doses((select id from ids where k = student)) as e
      where e.vaccine = counts.vaccine and e.given_on = ((select d from vals where k = 'b') + age)::date $$;
grant execute on function pg_temp.counts(text, text, interval) to public;

select tests.act_as('nurse.north@med.demo');
insert into ids select k, med_api.enroll_student((select id from ids where k = 'north'), 'Test', initcap(k), (select d from vals where k = 'b'), 1)
from unnest(array['early3', 'early5', 'live25', 'mmr25', 'dtap4late', 'dtap4early', 'grace', 'polio3', 'sameday', 'dtap4bday', 'dtap4eve',
                   'polio3soon', 'hepb16', 'hepb16ok', 'mmrvoid', 'mmrvoidok',
                   'early4', 'live28', 'hepb16edge', 'polio3edge', 'bornday', 'repeat', 'repeatok', 'dtap4m', 'dtap3m']) as k;

-- MMR's minimum age (the first birthday) with the 4-day grace period
select pg_temp.dose('early3', 'MMR', interval '1 year' - interval '3 days');
select pg_temp.dose('early5', 'MMR', interval '1 year' - interval '5 days');
select is(pg_temp.counts('early3', 'MMR', interval '1 year' - interval '3 days'), true, 'an MMR dose 3 days before the first birthday counts (grace period)');
select is(pg_temp.counts('early5', 'MMR', interval '1 year' - interval '5 days'), false, 'an MMR dose 5 days before the first birthday does not count');
select ok((select reason from med_api.immunization_doses((select id from ids where k = 'early5'))) like '%minimum age%',
    'and the evaluation says why: before the minimum age');

-- a dose repeating one that did not count is spaced from the invalid dose
-- (CDC): DTaP at 2 months, again 14 days later (too soon: 4 weeks), then 32
-- days after the first, but only 18 after the invalid one
select pg_temp.dose('repeat', 'DTaP', interval '2 months');
select pg_temp.dose('repeat', 'DTaP', interval '2 months 14 days');
select pg_temp.dose('repeat', 'DTaP', interval '2 months 32 days');
select is(pg_temp.counts('repeat', 'DTaP', interval '2 months 32 days'), false,
    'a DTaP 32 days after the last valid dose but 18 after an invalid one does not count: the repeat is spaced from the invalid dose');
select ok((select reason from med_api.immunization_doses((select id from ids where k = 'repeat'))
           where given_on = (select d from vals where k = 'b') + interval '2 months 32 days') like '%after the invalid dose of%',
    'and the reason names the invalid dose');
select pg_temp.dose('repeatok', 'DTaP', interval '2 months');
select pg_temp.dose('repeatok', 'DTaP', interval '2 months 14 days');
select pg_temp.dose('repeatok', 'DTaP', interval '2 months 38 days');
select is(pg_temp.counts('repeatok', 'DTaP', interval '2 months 38 days'), true,
    'one 24 days after the invalid dose counts (4 weeks, the 4-day grace period included)');

-- DTaP dose 4 at 12 months or older counts 4 months after dose 3 (the CDC's
-- minimum is 6, but a 4th dose at least 4 months after the 3rd need not be
-- repeated); 3 months is too soon
select pg_temp.dose('dtap4m', 'DTaP', i) from unnest(array[interval '61 days', interval '122 days', interval '244 days', interval '375 days']) as i;
select pg_temp.dose('dtap3m', 'DTaP', i) from unnest(array[interval '61 days', interval '122 days', interval '280 days', interval '375 days']) as i;
select is(pg_temp.counts('dtap4m', 'DTaP', interval '375 days'), true, 'a 4th DTaP at 12 months, 131 days after the 3rd, counts');
select is(pg_temp.counts('dtap3m', 'DTaP', interval '375 days'), false, 'one 95 days after the 3rd does not');

-- live vaccines 28 days apart, without grace
select pg_temp.dose('live25', 'MMR', interval '13 months');
select pg_temp.dose('live25', 'Varicella', interval '13 months 25 days');
select is(pg_temp.counts('live25', 'MMR', interval '13 months'), true, 'the first live vaccine counts');
select is(pg_temp.counts('live25', 'Varicella', interval '13 months 25 days'), false,
    'a second live vaccine 25 days after another does not count, although 25 days is within the 4-day grace of 28');
select ok((select reason from med_api.immunization_doses((select id from ids where k = 'live25')) where vaccine = 'Varicella') like '%live vaccines must be 28 days apart%',
    'the reason names the live-vaccine spacing');
select pg_temp.dose('mmr25', 'MMR', interval '13 months');
select pg_temp.dose('mmr25', 'MMR', interval '13 months 25 days');
select is(pg_temp.counts('mmr25', 'MMR', interval '13 months 25 days'), false, 'a second MMR 25 days after the first does not count (live: no grace)');
select pg_temp.dose('mmr25', 'MMR', interval '4 years');
select results_eq($$select valid_doses, compliant, reason like '%does not count: given 25 days after the previous valid dose%'
                   from med_api.immunization_status((select id from ids where k = 'mmr25')) where vaccine = 'MMR'$$,
    $$values (2, true, true)$$, 'a later dose completes MMR; the status still names the dose that does not count and why');
-- the 28 days run from any live dose, even one that did not count
select pg_temp.dose('mmrvoid', 'MMR', interval '1 year' - interval '10 days');
select pg_temp.dose('mmrvoid', 'MMR', interval '1 year 5 days');
select is(pg_temp.counts('mmrvoid', 'MMR', interval '1 year 5 days'), false,
    'an MMR 15 days after an MMR given too young does not count: live doses 28 days apart, valid or not');
select pg_temp.dose('mmrvoidok', 'MMR', interval '1 year' - interval '10 days');
select pg_temp.dose('mmrvoidok', 'MMR', interval '1 year 20 days');
select is(pg_temp.counts('mmrvoidok', 'MMR', interval '1 year 20 days'), true,
    'an MMR 30 days after the one given too young counts as dose 1 (control)');
select pg_temp.dose('sameday', 'MMR', interval '13 months');
select pg_temp.dose('sameday', 'Varicella', interval '13 months');
select is((select count(*) from med_api.immunization_doses((select id from ids where k = 'sameday')) where counts), 2::bigint,
    'two live vaccines on the same day both count');

-- the 4-day grace period on an interval of an inactivated vaccine
select pg_temp.dose('grace', 'DTaP', interval '2 months');
select pg_temp.dose('grace', 'DTaP', interval '2 months 24 days');
select pg_temp.dose('grace', 'Polio', interval '2 months');
select pg_temp.dose('grace', 'Polio', interval '2 months 23 days');
select is(pg_temp.counts('grace', 'DTaP', interval '2 months 24 days'), true, 'DTaP 24 days after the previous dose counts (28 days less the grace period)');
select is(pg_temp.counts('grace', 'Polio', interval '2 months 23 days'), false, 'Polio 23 days after the previous dose does not count');

-- DTaP: 5 doses, or 4 when the 4th was on or after the 4th birthday
select pg_temp.dose(s, 'DTaP', a)
from unnest(array['dtap4late', 'dtap4early']) as s
cross join unnest(array[interval '2 months', interval '4 months', interval '6 months']) as a;
select pg_temp.dose('dtap4late', 'DTaP', interval '4 years 1 month');
select pg_temp.dose('dtap4early', 'DTaP', interval '18 months');
select results_eq($$select valid_doses, required_doses, compliant from med_api.immunization_status((select id from ids where k = 'dtap4late')) where vaccine = 'DTaP'$$,
    $$values (4, 4, true)$$, 'DTaP with 4 doses, the 4th on or after the 4th birthday, is compliant');
select results_eq($$select valid_doses, required_doses, compliant from med_api.immunization_status((select id from ids where k = 'dtap4early')) where vaccine = 'DTaP'$$,
    $$values (4, 5, false)$$, 'DTaP with 4 doses, the 4th at 18 months, is not compliant');
select ok((select reason from med_api.immunization_status((select id from ids where k = 'dtap4early')) where vaccine = 'DTaP') like '%on or after age 4 years%',
    'and the status says that 4 doses would suffice only after the 4th birthday');
-- the birthday of a reduced series is taken literally: on the day it counts, the day before it does not
select pg_temp.dose(s, 'DTaP', a)
from unnest(array['dtap4bday', 'dtap4eve']) as s
cross join unnest(array[interval '2 months', interval '4 months', interval '6 months']) as a;
select pg_temp.dose('dtap4bday', 'DTaP', interval '4 years');
select pg_temp.dose('dtap4eve', 'DTaP', interval '4 years' - interval '1 day');
select is((select compliant from med_api.immunization_status((select id from ids where k = 'dtap4bday')) where vaccine = 'DTaP'), true,
    'a 4th DTaP dose on the 4th birthday completes the series');
select is((select compliant from med_api.immunization_status((select id from ids where k = 'dtap4eve')) where vaccine = 'DTaP'), false,
    'a 4th DTaP dose the day before the 4th birthday does not');
select pg_temp.dose('dtap4early', 'DTaP', interval '4 years 2 months');
select results_eq($$select valid_doses, compliant from med_api.immunization_status((select id from ids where k = 'dtap4early')) where vaccine = 'DTaP'$$,
    $$values (5, true)$$, 'with the 5th dose after the 4th birthday it is compliant');

-- Polio: 4, or 3 when the 3rd was on or after the 4th birthday
select pg_temp.dose('polio3', 'Polio', a) from unnest(array[interval '2 months', interval '4 months', interval '4 years 3 months']) as a;
select results_eq($$select valid_doses, required_doses, compliant from med_api.immunization_status((select id from ids where k = 'polio3')) where vaccine = 'Polio'$$,
    $$values (3, 3, true)$$, 'Polio with 3 doses, the 3rd after the 4th birthday, is compliant');
-- ... but only when the 3rd was also 6 months after the 2nd (CDC)
select pg_temp.dose('polio3soon', 'Polio', a) from unnest(array[interval '2 months', interval '3 years 10 months', interval '4 years 1 month']) as a;
select results_eq($$select valid_doses, required_doses, compliant from med_api.immunization_status((select id from ids where k = 'polio3soon')) where vaccine = 'Polio'$$,
    $$values (3, 4, false)$$, 'Polio with 3 doses, the 3rd after the 4th birthday but only 3 months after the 2nd, is not compliant');
select ok((select reason from med_api.immunization_status((select id from ids where k = 'polio3soon')) where vaccine = 'Polio') like '%after the previous dose%',
    'and the status says the 3rd dose came too soon after the 2nd');

-- HepB: dose 3 also 16 weeks after dose 1 (ACIP), not only 8 weeks after dose 2
select pg_temp.dose('hepb16', 'HepB', a) from unnest(array[interval '70 days', interval '98 days', interval '168 days']) as a;
select is(pg_temp.counts('hepb16', 'HepB', interval '168 days'), false,
    'a 3rd HepB dose 14 weeks after the 1st does not count, although it is 10 weeks after the 2nd and at 24 weeks of age');
select ok((select reason from med_api.immunization_doses((select id from ids where k = 'hepb16')) where vaccine = 'HepB' and not counts) like '%after the first valid dose%',
    'the reason names the interval from dose 1');
select pg_temp.dose('hepb16ok', 'HepB', a) from unnest(array[interval '70 days', interval '98 days', interval '182 days']) as a;
select is(pg_temp.counts('hepb16ok', 'HepB', interval '182 days'), true, 'a 3rd HepB dose 16 weeks after the 1st counts (control)');

-- exactly at the boundaries: the minimum age less the 4 days of grace, 28
-- days between live vaccines, 16 weeks less the grace from HepB dose 1, the
-- reduced Polio series 6 months less the grace after dose 2, a dose on the
-- day of birth and one today
select pg_temp.dose('early4', 'MMR', interval '1 year' - interval '4 days');
select is(pg_temp.counts('early4', 'MMR', interval '1 year' - interval '4 days'), true,
    'an MMR dose exactly 4 days before the first birthday counts (the grace period, no more)');
select pg_temp.dose('live28', 'MMR', interval '13 months');
select pg_temp.dose('live28', 'Varicella', interval '13 months 28 days');
select is(pg_temp.counts('live28', 'Varicella', interval '13 months 28 days'), true, 'a live vaccine exactly 28 days after another counts');
select pg_temp.dose('hepb16edge', 'HepB', a) from unnest(array[interval '63 days', interval '91 days', interval '171 days']) as a;
select is(pg_temp.counts('hepb16edge', 'HepB', interval '171 days'), true,
    'a 3rd HepB dose exactly 16 weeks less 4 days after the 1st counts');
select pg_temp.dose('polio3edge', 'Polio', interval '2 months');
select pg_temp.dose('polio3edge', 'Polio', interval '3 years 10 months');
select med_api.record_immunization((select id from ids where k = 'polio3edge'), 'Polio',
    (((select d from vals where k = 'b') + interval '3 years 10 months')::date + interval '6 months' - interval '4 days')::date);
select results_eq($$select valid_doses, required_doses, compliant from med_api.immunization_status((select id from ids where k = 'polio3edge')) where vaccine = 'Polio'$$,
    $$values (3, 3, true)$$, 'Polio with the 3rd dose after the 4th birthday and exactly 6 months less 4 days after the 2nd is compliant');
select lives_ok($$select pg_temp.dose('bornday', 'HepB', interval '0 days')$$, 'a HepB dose on the day of birth is accepted');
select lives_ok($$select med_api.record_immunization((select id from ids where k = 'bornday'), 'HepB', (now() at time zone 'America/Los_Angeles')::date)$$,
    'a dose given today is accepted');
select is((select counts from med_api.immunization_doses((select id from ids where k = 'bornday'))
           where given_on = (now() at time zone 'America/Los_Angeles')::date), true, 'and counts today');

-- the status lists exactly what the grade requires
select set_eq($$select vaccine from med_api.immunization_status((select id from ids where k = 'grace'))$$,
    array['DTaP', 'Polio', 'MMR', 'HepB', 'Varicella'], 'grade 1 requires DTaP, Polio, MMR, HepB, Varicella');
select is((select count(*) from med_api.immunization_status((select id from ids where k = 'early5')) where compliant), 0::bigint,
    'a student missing everything is compliant for nothing');
select tests.act_as('nurse.south@med.demo');
select ok((select array_agg(vaccine::text order by vaccine) from med_api.immunization_status((select id from ids where k = 'ethan'))) @> array['MenACWY', 'Tdap'],
    'grade 7 also requires Tdap and MenACWY');

-- effective-dated rules: a rule from tomorrow does not apply yet; one in force today does
reset role;
insert into med.vaccine_requirements (tenant_id, vaccine, grade_from, grade_to, required_doses, effective_from)
select tenant_id, 'MMR', 0, 12, 3, current_date + 1 from med.schools where name = 'North Elementary';
select tests.act_as('nurse.north@med.demo');
select is((select required_doses from med_api.immunization_status((select id from ids where k = 'max')) where vaccine = 'MMR'), 2,
    'a district rule taking effect tomorrow does not apply today');
reset role;
update med.vaccine_requirements set effective_from = (now() at time zone 'America/Los_Angeles')::date where required_doses = 3 and vaccine = 'MMR';
select tests.act_as('nurse.north@med.demo');
select is((select required_doses from med_api.immunization_status((select id from ids where k = 'max')) where vaccine = 'MMR'), 3,
    'a district rule taking effect today applies today');
reset role;
update med.vaccine_requirements set effective_from = current_date - 400 where required_doses = 3 and vaccine = 'MMR';
select tests.act_as('nurse.north@med.demo');
select is((select required_doses from med_api.immunization_status((select id from ids where k = 'max')) where vaccine = 'MMR'), 3,
    'the district''s own rule in force wins over the state rule');
reset role;
update med.vaccine_requirements set effective_to = (now() at time zone 'America/Los_Angeles')::date where required_doses = 3 and vaccine = 'MMR';
select tests.act_as('nurse.north@med.demo');
select is((select required_doses from med_api.immunization_status((select id from ids where k = 'max')) where vaccine = 'MMR'), 2,
    'a rule whose end has come no longer applies');
-- the same for a dose rule: a district's minimum age of 2 years for MMR dose 1
reset role;
insert into med.vaccine_dose_rules (tenant_id, vaccine, dose_number, min_age, effective_from)
select tenant_id, 'MMR', 1, interval '2 years', (now() at time zone 'America/Los_Angeles')::date from med.schools where name = 'North Elementary';
select tests.act_as('nurse.north@med.demo');
select is(pg_temp.counts('early4', 'MMR', interval '1 year' - interval '4 days'), false, 'a dose rule taking effect today applies today');
reset role;
update med.vaccine_dose_rules set effective_from = (now() at time zone 'America/Los_Angeles')::date - 10, effective_to = (now() at time zone 'America/Los_Angeles')::date where tenant_id is not null and vaccine = 'MMR';
select tests.act_as('nurse.north@med.demo');
select is(pg_temp.counts('early4', 'MMR', interval '1 year' - interval '4 days'), true, 'a dose rule ending today no longer applies');

-- malformed and refused input
select throws_ok($$select med_api.record_immunization((select id from ids where k = 'max'), 'Rabies', current_date - 100)$$, '22023', null, 'an unknown vaccine is malformed');
select throws_ok($$select med_api.record_immunization((select id from ids where k = 'max'), 'mmr', current_date - 100)$$, '22023', null, 'vaccine codes are exact');
select throws_ok($$select med_api.record_immunization((select id from ids where k = 'max'), 'MMR', current_date + 30)$$, '22023', null, 'a dose in the future is malformed');
select throws_ok($$select med_api.record_immunization((select id from ids where k = 'max'), 'MMR', date '2000-01-01')$$, '22023', null, 'a dose before birth is malformed');
select throws_ok($$select pg_temp.dose('grace', 'DTaP', interval '2 months')$$, '23505', null, 'the same vaccine twice on one day is a duplicate');
select throws_ok($$select med_api.record_immunization((select id from ids where k = 'ethan'), 'MMR', current_date - 100)$$, 'PT404', null, 'a nurse of another school is refused');
select tests.act_as('aide.north@med.demo');
select throws_ok($$select med_api.record_immunization((select id from ids where k = 'max'), 'MMR', current_date - 100)$$, '42501', null, 'an aide may not record immunizations');
select isnt_empty($$select * from med_api.immunization_status((select id from ids where k = 'max'))$$, 'but reads the status of her school''s students');
select isnt_empty($$select * from med_api.immunization_doses((select id from ids where k = 'max'))$$, 'and their doses one by one');

-- who may read a status
select tests.act_as('guardian1@med.demo');
select isnt_empty($$select * from med_api.immunization_status((select id from ids where k = 'max'))$$, 'a guardian reads their child''s status');
select isnt_empty($$select * from med_api.immunization_doses((select id from ids where k = 'max'))$$, 'and their child''s doses one by one');
select tests.act_as('supervisor@med.demo');
select isnt_empty($$select * from med_api.immunization_status((select id from ids where k = 'max'))$$, 'the supervisor reads the status of a district student');
select isnt_empty($$select * from med_api.immunization_doses((select id from ids where k = 'max'))$$, 'and the doses one by one');
select tests.act_as('guardian1@med.demo');
select throws_ok($$select * from med_api.immunization_status((select id from ids where k = 'ava'))$$, 'PT404', null, 'but not another child''s');

select * from finish();
rollback;
