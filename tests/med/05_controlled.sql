-- Controlled substances: counted in and counted periodically by two staff;
-- a count that does not match opens an incident.
begin;
select plan(26);

create temp table ids (k text primary key, id uuid);
grant all on ids to public;
insert into ids select 'max', id from med.students where first_name = 'Max' and last_name = 'Nguyen';
insert into ids select 'aide', id from core.users where email = 'aide.north@med.demo';
insert into ids select 'nurse', id from core.users where email = 'nurse.north@med.demo';
insert into ids select 'south_nurse', id from core.users where email = 'nurse.south@med.demo';
insert into ids select 'supervisor', id from core.users where email = 'supervisor@med.demo';
insert into ids select 'albuterol', id from med.medication_orders where medication = 'Albuterol inhaler';

select tests.act_as('nurse.north@med.demo');
insert into ids select 'ritalin', med_api.add_medication_order((select id from ids where k = 'max'), 'Methylphenidate', '10 mg', 'oral',
    false, 1, null, current_date - 5, current_date + 60, true, 'Dr. Hana Sato', true);

select throws_ok($$select med_api.administer_medication((select id from ids where k = 'ritalin'), now() - interval '1 minute')$$,
    'P0001', null, 'no dose of a controlled substance before any stock is counted in');
select throws_ok($$select med_api.count_in_controlled((select id from ids where k = 'ritalin'), 30, (select id from ids where k = 'nurse'))$$,
    '42501', null, 'a count needs a second person: the witness may not be the counter');
select throws_ok($$select med_api.count_in_controlled((select id from ids where k = 'ritalin'), 30, (select id from ids where k = 'south_nurse'))$$,
    'PT404', null, 'the witness must work at the student''s school');
select throws_ok($$select med_api.count_in_controlled((select id from ids where k = 'ritalin'), 2000000000, (select id from ids where k = 'aide'))$$,
    '22023', null, 'counting in two billion tablets is malformed (at most 1000 a count-in)');
select throws_ok($$select med_api.count_in_controlled((select id from ids where k = 'ritalin'), 0, (select id from ids where k = 'aide'))$$,
    '22023', null, 'counting in nothing is malformed');
select throws_ok($$select med_api.count_in_controlled((select id from ids where k = 'albuterol'), 30, (select id from ids where k = 'aide'))$$,
    'PT409', null, 'an order that is not controlled is not counted');
select lives_ok($$select med_api.count_in_controlled((select id from ids where k = 'ritalin'), 30, (select id from ids where k = 'aide'))$$,
    'the nurse counts 30 tablets in, witnessed by the aide');
select lives_ok($$select med_api.administer_medication((select id from ids where k = 'ritalin'), now() - interval '1 minute')$$,
    'a dose can now be given');
select lives_ok($$insert into ids select 'good_count', med_api.count_controlled((select id from ids where k = 'ritalin'), 29, (select id from ids where k = 'supervisor'))$$,
    'a periodic count of 29, witnessed by the supervisor');
select results_eq($$select quantity, expected from med_api.controlled_counts where id = (select id from ids where k = 'good_count')$$,
    $$values (29, 29)$$, 'the count records what was expected (30 in, one dose given)');
select is((select count(*) from med_api.incidents where order_id = (select id from ids where k = 'ritalin')), 0::bigint,
    'a matching count opens no incident');

select tests.act_as('aide.north@med.demo');
select lives_ok($$insert into ids select 'bad_count', med_api.count_controlled((select id from ids where k = 'ritalin'), 27, (select id from ids where k = 'nurse'))$$,
    'the aide counts 27, witnessed by the nurse');
select results_eq($$select status, expected, counted, count_id from med_api.incidents where order_id = (select id from ids where k = 'ritalin')$$,
    $$select 'open'::text, 29, 27, (select id from ids where k = 'bad_count')$$, 'the mismatch opens an incident (expected 29, counted 27)');
select is((select counted_by from med_api.controlled_counts where id = (select id from ids where k = 'bad_count')), (select id from ids where k = 'aide'),
    'the count records who counted');

select tests.act_as('supervisor@med.demo');
insert into ids select 'incident', id from med_api.incidents where order_id = (select id from ids where k = 'ritalin');
select throws_ok($$select med_api.resolve_incident((select id from ids where k = 'incident'), '')$$, '22023', null, 'resolving needs a note');
select lives_ok($$select med_api.resolve_incident((select id from ids where k = 'incident'), 'two tablets returned to the guardian, form on file')$$,
    'the supervisor resolves the incident');
select throws_ok($$select med_api.resolve_incident((select id from ids where k = 'incident'), 'again')$$, 'PT409', null, 'resolving twice is a conflict');

-- a nurse of another school: the order is not found, even with a witness valid for every school
select tests.act_as('nurse.south@med.demo');
select throws_ok($$select med_api.count_in_controlled((select id from ids where k = 'ritalin'), 5, (select id from ids where k = 'supervisor'))$$,
    'PT404', null, 'a nurse of another school may not count a North order in, although the supervisor would be a valid witness');
select throws_ok($$select med_api.count_controlled((select id from ids where k = 'ritalin'), 28, (select id from ids where k = 'supervisor'))$$,
    'PT404', null, 'nor count it periodically');

select tests.act_as('teacher.north@med.demo');
select throws_ok($$select * from med_api.controlled_counts$$, '42501', null, 'a teacher may not read controlled substance counts');
select tests.act_as('guardian1@med.demo');
select throws_ok($$select * from med_api.incidents$$, '42501', null, 'a guardian may not read incidents');
reset role;
select throws_ok($$delete from med.controlled_counts where id = (select id from ids where k = 'good_count')$$,
    '42501', null, 'the count log is append-only');

-- the aide counts stock in; a count of exactly zero is a count (an empty
-- drawer), which the nurse resolves
select tests.act_as('aide.north@med.demo');
select lives_ok($$select med_api.count_in_controlled((select id from ids where k = 'ritalin'), 10, (select id from ids where k = 'nurse'))$$,
    'the aide counts 10 tablets in, witnessed by the nurse');
select lives_ok($$select med_api.count_controlled((select id from ids where k = 'ritalin'), 0, (select id from ids where k = 'nurse'))$$,
    'a periodic count of exactly zero is accepted');
select tests.act_as('nurse.north@med.demo');
insert into ids select 'empty_drawer', id from med_api.incidents where order_id = (select id from ids where k = 'ritalin') and status = 'open';
select is((select counted from med_api.incidents where id = (select id from ids where k = 'empty_drawer')), 0, 'and opens an incident');
select lives_ok($$select med_api.resolve_incident((select id from ids where k = 'empty_drawer'), 'drawer found in the wrong cabinet, recounted')$$,
    'the nurse resolves it');

select * from finish();
rollback;
