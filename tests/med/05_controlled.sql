-- Controlled substances: counted in and counted periodically by two staff,
-- the counter naming the witness, the witness confirming in their own
-- session; only witnessed counts move the units on hand, and a witnessed
-- count that does not match opens an incident.
begin;
select plan(93);

create temp table ids (k text primary key, id uuid);
grant all on ids to public;
insert into ids select 'max', id from med.students where first_name = 'Max' and last_name = 'Nguyen';
insert into ids select 'aide', id from core.users where email = 'aide.north@med.demo';
insert into ids select 'nurse', id from core.users where email = 'nurse.north@med.demo';
insert into ids select 'south_nurse', id from core.users where email = 'nurse.south@med.demo';
insert into ids select 'supervisor', id from core.users where email = 'supervisor@med.demo';
insert into ids select 'albuterol', id from med.medication_orders where medication = 'Albuterol inhaler';
insert into ids select 'north', id from med.schools where name = 'North Elementary';
insert into ids select 'south', id from med.schools where name = 'South Middle';

select tests.act_as('nurse.north@med.demo');
insert into ids select 'ritalin', med_api.add_medication_order((select id from ids where k = 'max'), 'Methylphenidate', '10 mg', 'oral',
    false, 1, null, current_date - 5, current_date + 60, true, 'Dr. Hana Sato', true);
-- entered a day ago: a late entry is never placed before its order was entered
reset role;
update med.medication_orders set created_at = now() - interval '1 day' where id in (select id from ids where k in ('ritalin'));
select tests.act_as('nurse.north@med.demo');

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

-- the count-in awaits its witness: nothing is on hand yet
select lives_ok($$insert into ids select 'count_in', med_api.count_in_controlled((select id from ids where k = 'ritalin'), 30, (select id from ids where k = 'aide'))$$,
    'the nurse counts 30 tablets in, naming the aide as witness');
select results_eq($$select kind, quantity, counted_by, witnessed_by, witnessed_at is null from med_api.controlled_counts where id = (select id from ids where k = 'count_in')$$,
    $$select 'count_in'::text, 30, (select id from ids where k = 'nurse'), (select id from ids where k = 'aide'), true$$,
    'the count-in is recorded, naming its witness, awaiting the witness');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'ritalin'), now() - interval '1 minute')$$,
    'P0001', null, 'an unwitnessed count-in puts nothing on hand: no dose yet');
select throws_ok($$select med_api.witness_count((select id from ids where k = 'count_in'))$$,
    '42501', null, 'the counter may not witness her own count');
select tests.act_as('supervisor@med.demo');
select throws_ok($$select med_api.witness_count((select id from ids where k = 'count_in'))$$,
    '42501', null, 'a colleague who may see the count but is not its named witness may not confirm it');
select tests.act_as('nurse.south@med.demo');
select throws_ok($$select med_api.witness_count((select id from ids where k = 'count_in'))$$,
    'PT404', null, 'a nurse of another school does not find a North count');
select tests.act_as('aide.north@med.demo');
select throws_ok($$select med_api.witness_count(gen_random_uuid())$$, 'PT404', null, 'an unknown count is not found');
select throws_ok($$select med_api.witness_count(null)$$, 'PT404', null, 'nor is a missing one');
select is((select witnessed_at from med_api.controlled_counts where id = (select id from ids where k = 'count_in')), null,
    'the refusals left the count awaiting its witness');
select is(med_api.witness_count((select id from ids where k = 'count_in')), (select id from ids where k = 'count_in'),
    'the aide, the named witness, confirms the count-in in her own session');
select ok((select witnessed_at between counted_at and clock_timestamp() from med_api.controlled_counts where id = (select id from ids where k = 'count_in')),
    'the count is stamped witnessed, after it was counted');
select throws_ok($$select med_api.witness_count((select id from ids where k = 'count_in'))$$,
    'PT409', null, 'a count is witnessed once');
select tests.act_as('nurse.north@med.demo');
select lives_ok($$select med_api.administer_medication((select id from ids where k = 'ritalin'), now() - interval '1 minute')$$,
    'once witnessed, the units are on hand: a dose can now be given');

-- a periodic count that matches
select lives_ok($$insert into ids select 'good_count', med_api.count_controlled((select id from ids where k = 'ritalin'), 29, (select id from ids where k = 'supervisor'))$$,
    'a periodic count of 29, naming the supervisor as witness');
select tests.act_as('supervisor@med.demo');
select lives_ok($$select med_api.witness_count((select id from ids where k = 'good_count'))$$, 'the supervisor confirms it');
select results_eq($$select quantity, expected, witnessed_at is not null from med_api.controlled_counts where id = (select id from ids where k = 'good_count')$$,
    $$values (29, 29, true)$$, 'the count records what was expected (30 in, one dose given)');
select is((select count(*) from med_api.incidents where order_id = (select id from ids where k = 'ritalin')), 0::bigint,
    'a matching count opens no incident');

-- a periodic count that does not match: nothing until witnessed
select tests.act_as('aide.north@med.demo');
select lives_ok($$insert into ids select 'bad_count', med_api.count_controlled((select id from ids where k = 'ritalin'), 27, (select id from ids where k = 'nurse'))$$,
    'the aide counts 27, naming the nurse as witness');
select is((select count(*) from med_api.incidents where order_id = (select id from ids where k = 'ritalin')), 0::bigint,
    'an unwitnessed mismatch opens no incident');
reset role;
select is(med_private.controlled_on_hand((select id from ids where k = 'ritalin')), 29,
    'nor does it move the books: 29 still expected on hand');
select tests.act_as('nurse.north@med.demo');
select lives_ok($$select med_api.witness_count((select id from ids where k = 'bad_count'))$$, 'the nurse confirms the count');
select results_eq($$select status, expected, counted, count_id from med_api.incidents where order_id = (select id from ids where k = 'ritalin')$$,
    $$select 'open'::text, 29, 27, (select id from ids where k = 'bad_count')$$, 'the witnessed mismatch opens an incident (expected 29, counted 27)');
reset role;
select is(med_private.controlled_on_hand((select id from ids where k = 'ritalin')), 27, 'and is the new baseline: 27 on hand');
select tests.act_as('nurse.north@med.demo');
select throws_ok($$select med_api.witness_count((select id from ids where k = 'bad_count'))$$, 'PT409', null, 'witnessing it again is a conflict');
select is((select count(*) from med_api.incidents where order_id = (select id from ids where k = 'ritalin')), 1::bigint,
    'which opens no second incident');
select is((select counted_by from med_api.controlled_counts where id = (select id from ids where k = 'bad_count')), (select id from ids where k = 'aide'),
    'the count records who counted');

insert into ids select 'incident', id from med_api.incidents where order_id = (select id from ids where k = 'ritalin');
select throws_ok($$select med_api.resolve_incident((select id from ids where k = 'incident'), 'all fine')$$, '42501', null,
    'the nurse who witnessed the count may not resolve its incident (42501)');
select tests.act_as('supervisor@med.demo');
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

-- who may call witness_count at all
select tests.act_as('teacher.north@med.demo');
select throws_ok($$select * from med_api.controlled_counts$$, '42501', null, 'a teacher may not read controlled substance counts');
select throws_ok($$select med_api.witness_count((select id from ids where k = 'count_in'))$$, '42501', null, 'a teacher may not witness a count');
select tests.act_as('guardian1@med.demo');
select throws_ok($$select * from med_api.incidents$$, '42501', null, 'a guardian may not read incidents');
select throws_ok($$select med_api.witness_count((select id from ids where k = 'count_in'))$$, '42501', null, 'a guardian may not witness a count');
select tests.act_as_anon();
select throws_ok($$select med_api.witness_count((select id from ids where k = 'count_in'))$$, '42501', null, 'anon may not witness a count');

-- the count log is append-only, but for the witness's stamp, once
reset role;
select throws_ok($$delete from med.controlled_counts where id = (select id from ids where k = 'good_count')$$,
    '42501', null, 'the count log is append-only');
select tests.act_as('nurse.north@med.demo');
insert into ids select 'pending', med_api.count_controlled((select id from ids where k = 'ritalin'), 27, (select id from ids where k = 'aide'));
reset role;
select throws_ok($$update med.controlled_counts set witnessed_at = now() + interval '1 day' where id = (select id from ids where k = 'good_count')$$,
    '42501', null, 'a witness stamp is never changed, not even by the owner');
select throws_ok($$update med.controlled_counts set witnessed_at = clock_timestamp(), quantity = 30 where id = (select id from ids where k = 'pending')$$,
    '42501', null, 'stamping a count while changing it is refused');
select throws_ok($$update med.controlled_counts set witnessed_at = null where id = (select id from ids where k = 'pending')$$,
    '42501', null, 'an update that stamps nothing is refused');

-- a named witness moved to another school no longer sees the count
update med.school_assignments set school_id = (select id from ids where k = 'south') where user_id = (select id from ids where k = 'aide');
select tests.act_as('aide.north@med.demo');
select throws_ok($$select med_api.witness_count((select id from ids where k = 'pending'))$$,
    'PT404', null, 'a witness who no longer works at the school does not find the count');
reset role;
update med.school_assignments set school_id = (select id from ids where k = 'north') where user_id = (select id from ids where k = 'aide');

-- a count left unwitnessed for over 12 hours has lapsed
insert into med.controlled_counts (tenant_id, order_id, kind, quantity, counted_by, witnessed_by, counted_at)
select tenant_id, id, 'count_in', 10, (select id from ids where k = 'nurse'), (select id from ids where k = 'aide'), now() - interval '13 hours'
from med.medication_orders where id = (select id from ids where k = 'ritalin');
insert into ids select 'lapsed', id from med.controlled_counts where order_id = (select id from ids where k = 'ritalin') and counted_at = now() - interval '13 hours';
select tests.act_as('aide.north@med.demo');
select throws_ok($$select med_api.witness_count((select id from ids where k = 'lapsed'))$$,
    'P0001', null, 'a count older than 12 hours can no longer be witnessed');
select is((select witnessed_at from med_api.controlled_counts where id = (select id from ids where k = 'lapsed')), null, 'it stays unwitnessed');
select lives_ok($$select med_api.witness_count((select id from ids where k = 'pending'))$$,
    'a count of minutes ago is still witnessed by the aide, back at North');

-- the aide counts stock in; a count of exactly zero is a count (an empty
-- drawer), which the nurse resolves
insert into ids select 'refill', med_api.count_in_controlled((select id from ids where k = 'ritalin'), 10, (select id from ids where k = 'nurse'));
select throws_ok($$select med_api.count_controlled((select id from ids where k = 'ritalin'), 0, (select id from ids where k = 'nurse'))$$,
    'P0001', null, 'no periodic count while a count-in awaits its witness (the lapsed one does not hold it up)');
select tests.act_as('nurse.north@med.demo');
select lives_ok($$select med_api.witness_count((select id from ids where k = 'refill'))$$, 'the nurse witnesses the aide''s count-in of 10');
select tests.act_as('aide.north@med.demo');
insert into ids select 'empty_count', med_api.count_controlled((select id from ids where k = 'ritalin'), 0, (select id from ids where k = 'nurse'));
select tests.act_as('nurse.north@med.demo');
select lives_ok($$select med_api.witness_count((select id from ids where k = 'empty_count'))$$, 'and a periodic count of exactly zero');
insert into ids select 'empty_drawer', id from med_api.incidents where order_id = (select id from ids where k = 'ritalin') and status = 'open';
select results_eq($$select expected, counted from med_api.incidents where id = (select id from ids where k = 'empty_drawer')$$,
    $$values (37, 0)$$, 'which opens an incident: 27 + 10 expected, 0 counted');
select throws_ok($$select med_api.resolve_incident((select id from ids where k = 'empty_drawer'), 'drawer found in the wrong cabinet, recounted')$$,
    '42501', null, 'the nurse who witnessed the count may not resolve it (42501)');
select tests.act_as('supervisor@med.demo');
select lives_ok($$select med_api.resolve_incident((select id from ids where k = 'empty_drawer'), 'drawer found in the wrong cabinet, recounted')$$,
    'the supervisor does');
-- nor may the nurse who counted: she counts 1 where the books say 0, the aide witnesses
select tests.act_as('nurse.north@med.demo');
insert into ids select 'nurse_count', med_api.count_controlled((select id from ids where k = 'ritalin'), 1, (select id from ids where k = 'aide'));
select tests.act_as('aide.north@med.demo');
select med_api.witness_count((select id from ids where k = 'nurse_count'));
select tests.act_as('nurse.north@med.demo');
select throws_ok($$select med_api.resolve_incident((select id from med_api.incidents where count_id = (select id from ids where k = 'nurse_count')), 'miscounted')$$,
    '42501', null, 'the nurse who counted may not resolve its incident (42501)');
-- a nurse of the school who took no part in the count does: the aide counts
-- 3 where the books say 1, the supervisor witnesses
select tests.act_as('aide.north@med.demo');
insert into ids select 'aide_count', med_api.count_controlled((select id from ids where k = 'ritalin'), 3, (select id from ids where k = 'supervisor'));
select tests.act_as('supervisor@med.demo');
select med_api.witness_count((select id from ids where k = 'aide_count'));
select tests.act_as('nurse.north@med.demo');
select lives_ok($$select med_api.resolve_incident((select id from med_api.incidents where count_id = (select id from ids where k = 'aide_count')), 'two tablets counted in twice')$$,
    'a nurse who neither counted nor witnessed resolves the incident');

-- the 12 hours to the instant (the request's time): a count made exactly 12
-- hours ago still awaits its witness, holds up a periodic count, and may
-- still be witnessed
select tests.act_as('nurse.north@med.demo');
insert into ids select 'dex', med_api.add_medication_order((select id from ids where k = 'max'), 'Dexmethylphenidate', '5 mg', 'oral',
    false, 1, null, current_date - 5, current_date + 60, true, 'Dr. Hana Sato', true);
reset role;
insert into med.controlled_counts (tenant_id, order_id, kind, quantity, counted_by, witnessed_by, counted_at)
select tenant_id, id, 'count_in', 10, (select id from ids where k = 'nurse'), (select id from ids where k = 'aide'), now() - interval '12 hours'
from med.medication_orders where id = (select id from ids where k = 'dex');
insert into ids select 'twelve', id from med.controlled_counts where order_id = (select id from ids where k = 'dex');
select tests.act_as('nurse.north@med.demo');
select throws_ok($$select med_api.count_controlled((select id from ids where k = 'dex'), 10, (select id from ids where k = 'aide'))$$,
    'P0001', null, 'a count-in of exactly 12 hours ago still holds up a periodic count');
select tests.act_as('aide.north@med.demo');
select lives_ok($$select med_api.witness_count((select id from ids where k = 'twelve'))$$,
    'and its witness may still confirm it');

-- a count its witness will not confirm: she refuses it, saying why, and the
-- periodic count of the order goes ahead; the refused count moves nothing
reset role;
select set_config('t.dex_before', med_private.controlled_on_hand((select id from ids where k = 'dex'))::text, true);
select tests.act_as('nurse.north@med.demo');
insert into ids select 'one_unit', med_api.count_in_controlled((select id from ids where k = 'dex'), 1, (select id from ids where k = 'aide'));
select throws_ok($$select med_api.count_controlled((select id from ids where k = 'dex'), 10, (select id from ids where k = 'aide'))$$,
    'P0001', null, 'premise: the count-in of one unit awaiting its witness holds up the periodic count');
select throws_ok($$select med_api.refuse_count((select id from ids where k = 'one_unit'), 'not delivered')$$,
    '42501', null, 'the counter may not refuse her own count (42501)');
select tests.act_as('supervisor@med.demo');
select throws_ok($$select med_api.refuse_count((select id from ids where k = 'one_unit'), 'not delivered')$$,
    '42501', null, 'nor anyone but its named witness (42501)');
select tests.act_as('aide.north@med.demo');
select throws_ok($$select med_api.refuse_count((select id from ids where k = 'one_unit'), E'\t' || U&'\00A0')$$,
    '22023', null, 'a refusal needs a reason: tabs and no-break spaces are none (22023)');
select throws_ok($$select med_api.refuse_count(gen_random_uuid(), 'not delivered')$$,
    'PT404', null, 'refusing a count that is not there (PT404)');
select lives_ok($$select med_api.refuse_count((select id from ids where k = 'one_unit'), 'no unit was shown to me')$$,
    'the named witness refuses the count-in');
select results_eq($$select witnessed_at is null, refused_at is not null, refusal_reason from med_api.controlled_counts
                    where id = (select id from ids where k = 'one_unit')$$,
    $$values (true, true, 'no unit was shown to me'::text)$$, 'the refusal stays in the log, with its reason');
select throws_ok($$select med_api.refuse_count((select id from ids where k = 'one_unit'), 'again')$$,
    'PT409', null, 'refusing twice (PT409)');
select throws_ok($$select med_api.witness_count((select id from ids where k = 'one_unit'))$$,
    'PT409', null, 'a refused count can no longer be witnessed (PT409)');
select throws_ok($$select med_api.refuse_count((select id from ids where k = 'twelve'), 'too late')$$,
    'PT409', null, 'a witnessed count can no longer be refused (PT409)');
reset role;
select is(med_private.controlled_on_hand((select id from ids where k = 'dex')), current_setting('t.dex_before')::int,
    'the refused unit is not on hand');
select tests.act_as('nurse.north@med.demo');
select lives_ok($$select med_api.count_controlled((select id from ids where k = 'dex'), 10, (select id from ids where k = 'aide'))$$,
    'and the periodic count goes ahead');
reset role;
select throws_ok($$update med.controlled_counts set refused_at = clock_timestamp(), refusal_reason = 'x', witnessed_at = null
                   where id = (select id from ids where k = 'twelve')$$,
    '42501', null, 'the owner may not turn a witnessed count into a refused one');

-- the books at the very instant of a witnessed periodic count: the count is
-- what was on hand at counted_at, so a count-in or a dose at that instant is
-- already in it; only what comes after counts "since" (a microsecond is enough)
select tests.act_as('nurse.north@med.demo');
insert into ids select 'count_in_order', med_api.add_medication_order((select id from ids where k = 'max'), 'Amphetamine salts', '5 mg', 'oral',
    false, 1, null, current_date - 5, current_date + 60, true, 'Dr. Hana Sato', true);
insert into ids select 'dose_order', med_api.add_medication_order((select id from ids where k = 'max'), 'Lisdexamfetamine', '20 mg', 'oral',
    false, 4, null, current_date - 5, current_date + 60, true, 'Dr. Hana Sato', true);
reset role;
update med.medication_orders set created_at = now() - interval '1 day' where id in (select id from ids where k in ('count_in_order', 'dose_order'));
create temp table instants (k text primary key, at timestamptz);
grant all on instants to public;
insert into instants values ('count', now() - interval '1 hour');
-- witnessed periodic counts of 20 at that instant, as the books' baseline
insert into med.controlled_counts (tenant_id, order_id, kind, quantity, expected, counted_by, witnessed_by, counted_at, witnessed_at)
select tenant_id, id, 'periodic', 20, 20, (select id from ids where k = 'nurse'), (select id from ids where k = 'aide'),
       (select at from instants where k = 'count'), (select at from instants where k = 'count') + interval '5 minutes'
from med.medication_orders where id in ((select id from ids where k = 'count_in_order'), (select id from ids where k = 'dose_order'));
-- count-ins: 5 units at the very instant of the count, 3 a microsecond later
insert into med.controlled_counts (tenant_id, order_id, kind, quantity, counted_by, witnessed_by, counted_at, witnessed_at)
select tenant_id, id, 'count_in', 5, (select id from ids where k = 'nurse'), (select id from ids where k = 'aide'),
       (select at from instants where k = 'count'), (select at from instants where k = 'count') + interval '5 minutes'
from med.medication_orders where id = (select id from ids where k = 'count_in_order');
select is(med_private.controlled_on_hand((select id from ids where k = 'count_in_order')), 20,
    'a witnessed count-in at the very instant of the periodic count is part of it: 20 on hand, not 25');
insert into med.controlled_counts (tenant_id, order_id, kind, quantity, counted_by, witnessed_by, counted_at, witnessed_at)
select tenant_id, id, 'count_in', 3, (select id from ids where k = 'nurse'), (select id from ids where k = 'aide'),
       (select at from instants where k = 'count') + interval '1 microsecond', (select at from instants where k = 'count') + interval '5 minutes'
from med.medication_orders where id = (select id from ids where k = 'count_in_order');
select is(med_private.controlled_on_hand((select id from ids where k = 'count_in_order')), 23,
    'one a microsecond later adds its units: 23 on hand (control)');
-- doses, recorded as late entries: one at the very instant of the count, one a microsecond later
select tests.act_as('nurse.north@med.demo');
select lives_ok($$select med_api.administer_medication((select id from ids where k = 'dose_order'), (select at from instants where k = 'count'))$$,
    'a dose is recorded as given at the very instant of the periodic count');
reset role;
select is(med_private.controlled_on_hand((select id from ids where k = 'dose_order')), 20,
    'it is part of the count: 20 still on hand, not 19');
select tests.act_as('nurse.north@med.demo');
select lives_ok($$select med_api.administer_medication((select id from ids where k = 'dose_order'), (select at from instants where k = 'count') + interval '1 microsecond')$$,
    'and another a microsecond later');
reset role;
select is(med_private.controlled_on_hand((select id from ids where k = 'dose_order')), 19,
    'which is subtracted: 19 on hand (control)');
-- a controlled dose may not be recorded ahead of the clock, not even within
-- the 5 minutes other doses allow (a count taken before its time would
-- subtract it twice); at the clock's own time it is recorded
create temp table doses_before as select count(*) as n from med.medication_doses;
grant all on doses_before to public;
select tests.act_as('nurse.north@med.demo');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'dose_order'), now() + interval '1 second')$$,
    '22023', null, 'a controlled dose a second ahead of the clock is refused');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'dose_order'), now() + interval '4 minutes')$$,
    '22023', null, 'also within the skew other doses are allowed');
reset role;
select is((select count(*) from med.medication_doses), (select n from doses_before), 'the refused doses recorded nothing');
select tests.act_as('nurse.north@med.demo');
select lives_ok($$select med_api.administer_medication((select id from ids where k = 'dose_order'), now())$$,
    'a controlled dose at the clock''s own time is recorded');
reset role;
select is(med_private.controlled_on_hand((select id from ids where k = 'dose_order')), 18,
    'and subtracted: 18 on hand');
-- the next periodic count expects these books, and a count that matches them opens no incident
select tests.act_as('nurse.north@med.demo');
insert into ids select 'count_in_recount', med_api.count_controlled((select id from ids where k = 'count_in_order'), 23, (select id from ids where k = 'aide'));
insert into ids select 'dose_recount', med_api.count_controlled((select id from ids where k = 'dose_order'), 18, (select id from ids where k = 'aide'));
select results_eq($$select order_id, expected from med_api.controlled_counts where id in ((select id from ids where k = 'count_in_recount'), (select id from ids where k = 'dose_recount')) order by expected$$,
    $$values ((select id from ids where k = 'dose_order'), 18), ((select id from ids where k = 'count_in_order'), 23)$$,
    'the next periodic counts expect 23 (20 + 3) and 18 (20 - 2)');
select tests.act_as('aide.north@med.demo');
select med_api.witness_count((select id from ids where k = 'count_in_recount'));
select med_api.witness_count((select id from ids where k = 'dose_recount'));
select is((select count(*) from med_api.incidents where order_id in ((select id from ids where k = 'count_in_order'), (select id from ids where k = 'dose_order'))), 0::bigint,
    'and, counted so and witnessed, open no incident');

-- controlled is a property of the drug: a second order of it not marked
-- controlled does not give uncounted doses while a controlled one stands
select tests.act_as('nurse.north@med.demo');
insert into ids select 'cz', med_api.add_medication_order((select id from ids where k = 'max'), 'Clonazepam', '0.5 mg', 'oral',
    false, 4, null, current_date - 5, current_date + 60, true, 'Dr. Hana Sato', true);
insert into ids select 'cz_plain', med_api.add_medication_order((select id from ids where k = 'max'), ' clonazepam', '0.5 mg', 'oral',
    false, 4, null, current_date - 5, current_date + 60, true, 'Dr. Hana Sato', false);
reset role;
update med.medication_orders set created_at = now() - interval '1 day' where id in (select id from ids where k in ('cz', 'cz_plain'));
select tests.act_as('nurse.north@med.demo');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'cz'))$$,
    'P0001', null, 'premise: no dose under the controlled order with nothing counted in');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'cz_plain'))$$,
    'P0001', null, 'nor under a second order of the drug not marked controlled (it would be uncounted)');
insert into ids select 'cz_nbsp', med_api.add_medication_order((select id from ids where k = 'max'), E'Clonazepam\u00a0', '0.5 mg', 'oral',
    false, 4, null, current_date - 5, current_date + 60, true, 'Dr. Hana Sato', false);
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'cz_nbsp'))$$,
    'P0001', null, 'nor under one whose name ends in a no-break space (pasted): it is the same drug');
select lives_ok($$select med_api.discontinue_order((select id from ids where k = 'cz'), 'entered twice')$$, 'the controlled order is discontinued');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'cz_plain'), now() - interval '1 minute')$$,
    'P0001', null, 'a late entry before that is still refused: the controlled order stood then');
select lives_ok($$select med_api.administer_medication((select id from ids where k = 'cz_plain'),
        (select discontinued_at from med_api.medication_orders where id = (select id from ids where k = 'cz')))$$,
    'from the very instant it was discontinued, the other order''s doses are given');

select * from finish();
rollback;
