-- Two rules that hold across rows: the medication limits hold per student
-- and drug across orders (two active orders of one drug give no more than
-- one daily maximum, and no dose under one order right after a dose under
-- the other), and a student's grade must fit the age (22023).
begin;
select plan(75);

create temp table ids (k text primary key, id uuid);
grant all on ids to public;
insert into ids select 'north', id from med.schools where name = 'North Elementary';
insert into ids select 'south', id from med.schools where name = 'South Middle';
insert into ids select 'max', id from med.students where first_name = 'Max' and last_name = 'Nguyen';
insert into ids select 'lily', id from med.students where first_name = 'Lily' and last_name = 'Nguyen';
-- d: a school day three days ago at North (America/Los_Angeles); the doses
-- below are late entries of that day and the next
create temp table days (k text primary key, d date);
grant all on days to public;
insert into days values ('today', (now() at time zone 'America/Los_Angeles')::date),
                        ('d', (now() at time zone 'America/Los_Angeles')::date - 3);
-- 1 September of the school year (it starts in August, as consents count it)
insert into days select 'cutoff', make_date(date_part('year', d - interval '7 months')::int, 9, 1) from days where k = 'today';
create function pg_temp.la(day_key text, plus int, t time) returns timestamptz language sql stable
as $$ select ((select d from days where k = day_key) + plus + t) at time zone 'America/Los_Angeles' $$;
grant execute on function pg_temp.la(text, int, time) to public;
create function pg_temp.order_for(student text, medication text, prn boolean, max_daily int, min_interval interval,
                                  prescriber text default 'Dr. Hana Sato') returns uuid language sql volatile
as $$ select med_api.add_medication_order((select id from ids where k = student), medication, '1 unit', 'oral', prn, max_daily,
                                          min_interval, (select d from days where k = 'today') - 10, (select d from days where k = 'today') + 10,
                                          true, prescriber) $$;
grant execute on function pg_temp.order_for(text, text, boolean, int, interval, text) to public;
create function pg_temp.give(order_key text, day_key text, plus int, t time) returns uuid language sql volatile
as $$ select med_api.administer_medication((select id from ids where k = order_key), pg_temp.la(day_key, plus, t)) $$;
grant execute on function pg_temp.give(text, text, int, time) to public;
create temp table counts (k text primary key, n bigint);
grant all on counts to public;
insert into counts select 'students', count(*) from med.students;
insert into counts select 'jobs', coalesce(max(id), 0) from core.jobs;

-- two orders of one drug: the second is accepted (a renewal or a change of
-- strength overlaps the order it replaces until that one is discontinued),
-- and the limits count the doses of both
select tests.act_as('nurse.north@med.demo');
insert into ids select 'cet1', pg_temp.order_for('max', 'Cetirizine hydrochloride', false, 1, null);
select lives_ok($$insert into ids select 'cet2', pg_temp.order_for('max', '  CETIRIZINE   Hydrochloride ', false, 1, null)$$,
    'a second active order of the same drug for the same student is accepted (the limits below make it harmless)');
-- the same name typed with a tab, or pasted with no-break spaces
insert into ids select 'cet_tab', pg_temp.order_for('max', E'Cetirizine hydrochloride\t', false, 1, null);
insert into ids select 'cet_nbsp', pg_temp.order_for('max', E'\u00a0Cetirizine\u00a0hydrochloride', false, 1, null);
-- or with an invisible character inside (a soft hyphen, a word joiner), or
-- in full-width letters
insert into ids select 'cet_shy', pg_temp.order_for('max', E'Ceti\u00adrizine hydrochloride', false, 1, null);
insert into ids select 'cet_wide', pg_temp.order_for('max', E'\uff23etirizine hydrochloride\u2060', false, 1, null);
insert into ids select 'acet_low', pg_temp.order_for('max', 'Acetaminophen', true, 2, interval '1 hour');
insert into ids select 'acet_high', pg_temp.order_for('max', 'acetaminophen', true, 4, interval '1 hour');
-- orders of the drug that are not in force on day d, each allowing 1 a day:
-- without a prescriber, without consent, starting tomorrow, authorized only now
insert into ids select 'acet_unsigned', pg_temp.order_for('max', 'ACETAMINOPHEN', true, 1, interval '1 hour', null);
insert into ids select 'acet_no_consent', med_api.add_medication_order((select id from ids where k = 'max'), 'Acetaminophen', '1 unit', 'oral',
    true, 1, interval '1 hour', (select d from days where k = 'today') - 10, (select d from days where k = 'today') + 10, false, 'Dr. Hana Sato');
insert into ids select 'acet_future', med_api.add_medication_order((select id from ids where k = 'max'), 'Acetaminophen', '1 unit', 'oral',
    true, 1, interval '1 hour', (select d from days where k = 'today') + 1, (select d from days where k = 'today') + 10, true, 'Dr. Hana Sato');
insert into ids select 'acet_authorized_now', pg_temp.order_for('max', 'Acetaminophen', true, 1, interval '1 hour', null);
select med_api.authorize_order((select id from ids where k = 'acet_authorized_now'), 'Dr. Hana Sato');
insert into ids select 'ibu1', pg_temp.order_for('max', 'Ibuprofen', true, 4, interval '4 hours');
insert into ids select 'ibu2', pg_temp.order_for('max', 'ibuprofen', true, 4, interval '4 hours');
insert into ids select 'ibu_shy', pg_temp.order_for('max', E'Ibu\u00adprofen', true, 4, interval '4 hours');
insert into ids select 'ibu_wj', pg_temp.order_for('max', E'Ibuprofen\u2060', true, 4, interval '4 hours');
insert into ids select 'dip_long', pg_temp.order_for('max', 'Diphenhydramine', true, 4, interval '6 hours');
insert into ids select 'dip_short', pg_temp.order_for('max', 'Diphenhydramine ', true, 4, interval '2 hours');
insert into ids select 'lor', pg_temp.order_for('max', 'Loratadine', true, 1, interval '4 hours');
insert into ids select 'mon_old', pg_temp.order_for('max', 'Montelukast', false, 2, null);
-- the orders above were entered ten days ago (a late entry is never placed
-- before its order was entered); the one below is entered now, complete
reset role;
update med.medication_orders set created_at = now() - interval '10 days' where id in (select id from ids) and created_at = now();
select tests.act_as('nurse.north@med.demo');
insert into ids select 'mon_new', pg_temp.order_for('max', 'montelukast', false, 1, null);

-- the daily maximum counts the doses of every order of the drug
select lives_ok($$select pg_temp.give('cet1', 'd', 0, '08:00')$$, 'the once-a-day cetirizine is given under the first order');
select throws_ok($$select pg_temp.give('cet2', 'd', 0, '13:00')$$, 'P0001', null,
    'no second dose that day under the second order (the same name but for case and spaces): the daily maximum counts both orders');
select throws_ok($$select pg_temp.give('cet_tab', 'd', 0, '13:00')$$, 'P0001', null,
    'nor under an order of the name ending in a tab: white space of any kind is a space');
select throws_ok($$select pg_temp.give('cet_nbsp', 'd', 0, '13:00')$$, 'P0001', null,
    'nor under an order of the name with no-break spaces');
select throws_ok($$select pg_temp.give('cet_shy', 'd', 0, '13:00')$$, 'P0001', null,
    'nor under an order of the name with a soft hyphen inside: an invisible character is none');
select throws_ok($$select pg_temp.give('cet_wide', 'd', 0, '13:00')$$, 'P0001', null,
    'nor under an order of the name with a full-width letter and a word joiner');
select lives_ok($$select pg_temp.give('cet2', 'd', 1, '08:00')$$, 'the next school day the second order gives its dose (control)');

-- the lowest daily maximum of the orders of the drug in force applies
select lives_ok($$select pg_temp.give('acet_high', 'd', 0, '08:00')$$, 'a first acetaminophen dose under the order allowing 4 a day');
select lives_ok($$select pg_temp.give('acet_high', 'd', 0, '10:00')$$,
    'a second one: the orders of the drug not in force that day (1 a day each) lower nothing');
select throws_ok($$select pg_temp.give('acet_high', 'd', 0, '12:00')$$, 'P0001', null,
    'no third dose although its own order allows 4: the other order of the drug in force allows 2');
select throws_like($$select pg_temp.give('acet_high', 'd', 0, '12:00')$$,
    '%order ' || (select id from ids where k = 'acet_low') || ' allows 2 doses of Acetaminophen a day: 2 already given%',
    'the refusal names the order whose maximum applies');
select throws_ok($$select pg_temp.give('acet_low', 'd', 0, '12:00')$$, 'P0001', null,
    'nor under the order allowing 2, although no dose was given under it that day');

-- discontinuing the stricter order lifts its maximum from then on (the
-- renewal the refusal's hint describes); doses at now(), the transaction's time
insert into ids select 'fam_low', pg_temp.order_for('max', 'Famotidine', false, 1, null);
insert into ids select 'fam_high', pg_temp.order_for('max', 'Famotidine', false, 3, null);
select lives_ok($$select med_api.administer_medication((select id from ids where k = 'fam_high'), now())$$,
    'famotidine is given now under the order allowing 3 a day');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'fam_high'), now())$$, 'P0001', null,
    'no second dose today while the order allowing 1 a day is in force');
select lives_ok($$select med_api.discontinue_order((select id from ids where k = 'fam_low'), 'replaced by the new order')$$,
    'the nurse discontinues the old order');
select lives_ok($$select med_api.administer_medication((select id from ids where k = 'fam_high'), clock_timestamp())$$,
    'now the new order''s own maximum applies: the second dose is given');

-- the minimum interval runs from the doses of every order of the drug, on both sides
select lives_ok($$select pg_temp.give('ibu1', 'd', 0, '09:00')$$, 'ibuprofen at 09:00 under the first order');
select throws_ok($$select pg_temp.give('ibu2', 'd', 0, '10:00')$$, 'P0001', null,
    'no ibuprofen at 10:00 under the second order: 4 hours from the dose under the first');
select throws_ok($$select pg_temp.give('ibu2', 'd', 0, '07:00')$$, 'P0001', null,
    'nor a late entry at 07:00 under the second order, 2 hours before the dose under the first (both sides)');
select lives_ok($$select pg_temp.give('ibu2', 'd', 0, '13:00')$$, 'at 13:00, exactly 4 hours later, the second order gives its dose (control)');
select throws_ok($$select pg_temp.give('ibu_shy', 'd', 0, '15:00')$$, 'P0001', null,
    'no ibuprofen at 15:00 under an order named Ibu<soft hyphen>profen: the same drug, 2 hours after 13:00');
select throws_ok($$select pg_temp.give('ibu_wj', 'd', 0, '16:00')$$, 'P0001', null,
    'nor at 16:00 under an order named Ibuprofen<word joiner>');
-- a drug name with letters beyond A-Z in capitals: the database has no
-- locale (lower() folds A-Z only), and PARACÉTAMOL was another drug
insert into ids select 'para', pg_temp.order_for('max', 'Paracétamol', true, 1, interval '6 hours');
insert into ids select 'para_caps', pg_temp.order_for('max', 'PARACÉTAMOL', true, 1, interval '6 hours');
insert into ids select 'metam', pg_temp.order_for('max', 'MÉTAMIZOLE', true, 1, interval '6 hours');
select lives_ok($$select med_api.administer_medication((select id from ids where k = 'para'), now())$$, 'Paracétamol is given now');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'para_caps'), now() + interval '1 minute')$$, 'P0001', null,
    'no PARACÉTAMOL a minute later under another order: the same drug, 1 a day');
select lives_ok($$select med_api.administer_medication((select id from ids where k = 'metam'), now() + interval '1 minute')$$,
    'MÉTAMIZOLE a minute later is another drug and is given (control)');

-- the longest minimum interval of the orders of the drug in force applies
select lives_ok($$select pg_temp.give('dip_short', 'd', 0, '08:00')$$, 'diphenhydramine at 08:00 under the order of 2 hours');
select throws_ok($$select pg_temp.give('dip_short', 'd', 0, '11:00')$$, 'P0001', null,
    'none at 11:00 under the same order: its own 2 hours have passed, not the 6 hours of the other order of the drug in force');
select lives_ok($$select pg_temp.give('dip_short', 'd', 0, '14:00')$$, 'at 14:00, 6 hours later, it is given (control)');

-- a different drug is limited by neither
select lives_ok($$select pg_temp.give('lor', 'd', 0, '12:00')$$,
    'loratadine at 12:00 is given: the acetaminophen maximum and the ibuprofen interval of that hour do not touch another drug');

-- an order lowers no limit before it existed: the order of the drug
-- entered now, complete (no authorized_at), allowing 1 a day, was not in
-- force on day d
select lives_ok($$select pg_temp.give('mon_old', 'd', 0, '08:00')$$, 'a late entry of montelukast on day d under the order entered ten days ago');
select lives_ok($$select pg_temp.give('mon_old', 'd', 0, '12:00')$$,
    'a second one that day: the order allowing 1 a day, entered only now, lowers nothing on day d');
select lives_ok($$select med_api.administer_medication((select id from ids where k = 'mon_old'), now())$$, 'a dose today');
select throws_ok($$select med_api.administer_medication((select id from ids where k = 'mon_old'), now())$$, 'P0001', null,
    'but no second one today, when the new order allowing 1 a day is in force (control)');

-- every epinephrine order is one drug, whatever its brand
insert into ids select 'epi', pg_temp.order_for('lily', 'EpiPen Jr', true, 2, interval '15 minutes');
insert into ids select 'auvi', pg_temp.order_for('lily', 'Auvi-Q', true, 2, interval '15 minutes');
reset role;
update med.medication_orders set created_at = now() - interval '10 days' where id in (select id from ids where k in ('epi', 'auvi'));
select tests.act_as('nurse.north@med.demo');
select lives_ok($$insert into ids select 'epi_dose', pg_temp.give('epi', 'd', 0, '10:00')$$, 'Lily''s EpiPen is given at 10:00');
select throws_ok($$select pg_temp.give('auvi', 'd', 0, '10:05')$$, 'P0001', null,
    'an Auvi-Q dose under another order 5 minutes later is refused: both are epinephrine (15 minutes)');
select lives_ok($$insert into ids select 'auvi_dose', pg_temp.give('auvi', 'd', 0, '10:20')$$, 'at 10:20 the Auvi-Q is given (control)');
select throws_ok($$select pg_temp.give('epi', 'd', 0, '11:00')$$, 'P0001', null,
    'a third epinephrine dose that day is refused under the first order: two were given (one under each)');

-- the edges of "in force": an order authorized at the very time of a dose,
-- or discontinued at that very time. (Set here by the superuser at exact
-- times; authorize_order stamps now(), discontinue_order clock_timestamp().)
create function pg_temp.hint_of(q text) returns text language plpgsql volatile
as $$
declare
    h text;
begin
    execute q;
    return '(no error)';
exception when others then
    get stacked diagnostics h = pg_exception_hint;
    return coalesce(nullif(h, ''), '(no hint)');
end
$$;
grant execute on function pg_temp.hint_of(text) to public;
insert into ids select 'nap_high', pg_temp.order_for('max', 'Naproxen', true, 3, interval '1 hour');
insert into ids select 'nap_low', pg_temp.order_for('max', 'Naproxen', true, 1, interval '1 hour', null);
insert into ids select 'cro_short', pg_temp.order_for('max', 'Cromolyn', true, 4, interval '1 hour');
insert into ids select 'cro_long', pg_temp.order_for('max', 'Cromolyn', true, 4, interval '4 hours', null);
insert into ids select 'gua_short', pg_temp.order_for('max', 'Guaifenesin', true, 4, interval '1 hour');
insert into ids select 'gua_long', pg_temp.order_for('max', 'Guaifenesin', true, 4, interval '4 hours');
insert into ids select 'sim', pg_temp.order_for('max', 'Simethicone', false, 1, null);
reset role;
update med.medication_orders set created_at = now() - interval '10 days'
where id in (select id from ids where k in ('nap_high', 'nap_low', 'cro_short', 'cro_long', 'gua_short', 'gua_long', 'sim'));
select tests.act_as('nurse.north@med.demo');
select lives_ok($$select pg_temp.give('nap_high', 'd', 0, '08:00')$$, 'naproxen at 08:00, while the order allowing 1 a day has no prescriber');
select lives_ok($$select pg_temp.give('cro_short', 'd', 0, '08:00')$$, 'cromolyn at 08:00, while the order of 4 hours has no prescriber');
select lives_ok($$select pg_temp.give('gua_short', 'd', 0, '08:00')$$, 'guaifenesin at 08:00, while the order of 4 hours is in force');
reset role;
update med.medication_orders set prescriber = 'Dr. Hana Sato', authorized_at = pg_temp.la('d', 0, '10:00')
where id in ((select id from ids where k = 'nap_low'), (select id from ids where k = 'cro_long'));
update med.medication_orders set discontinued_at = pg_temp.la('d', 0, '10:00'), discontinue_reason = 'replaced',
       discontinued_by = (select id from core.users where email = 'nurse.north@med.demo')
where id = (select id from ids where k = 'gua_long');
select tests.act_as('nurse.north@med.demo');
select throws_ok($$select pg_temp.give('nap_high', 'd', 0, '10:00')$$, 'P0001', null,
    'a naproxen dose at 10:00 sharp is refused: the order allowing 1 a day, authorized at 10:00, is in force at 10:00');
select throws_ok($$select pg_temp.give('cro_short', 'd', 0, '10:00')$$, 'P0001', null,
    'a cromolyn dose at 10:00 sharp is refused: the order of 4 hours, authorized at 10:00, is in force at 10:00');
select lives_ok($$select pg_temp.give('gua_short', 'd', 0, '10:00')$$,
    'a guaifenesin dose at 10:00 sharp is given: the order of 4 hours, discontinued at 10:00, is no longer in force');
-- a refusal under the order's own maximum says nothing of another order
select lives_ok($$select pg_temp.give('sim', 'd', 0, '08:00')$$, 'simethicone once that day');
select is(pg_temp.hint_of($$select pg_temp.give('sim', 'd', 0, '13:00')$$), '(no hint)',
    'a second dose under its own order''s maximum: refused with no hint to discontinue another order');

-- one dose of a drug per student at a time: a dose holds every order of the
-- drug of the student until it commits, so that two doses under two orders
-- at once cannot both pass the limits. pgrowlocks shows the row locks this
-- session's process holds, taken outside a subtransaction (lives_ok runs
-- its statement in one, whose id pgrowlocks maps to no process), on a
-- generated student no other suite touches: a seeded ibuprofen order, a
-- seeded epinephrine order, and a new ibuprofen order
reset role;
insert into ids
select 'gen', students.id
from med.students as students
join med.schools as schools on schools.id = students.school_id and schools.name = 'North Elementary'
where exists (select from med.medication_orders as orders where orders.student_id = students.id and orders.medication = 'Ibuprofen')
  and exists (select from med.medication_orders as orders where orders.student_id = students.id and orders.is_epinephrine)
  and not exists (select from med.consents as consents where consents.student_id = students.id and consents.kind = 'medication' and not consents.is_granted)
order by students.id
limit 1;
insert into ids select 'gen_ibu', id from med.medication_orders where student_id = (select id from ids where k = 'gen') and medication = 'Ibuprofen';
insert into ids select 'gen_epi', id from med.medication_orders where student_id = (select id from ids where k = 'gen') and is_epinephrine;
select isnt((select id from ids where k = 'gen_epi'), null, 'premise: a generated North student with a seeded ibuprofen and a seeded epinephrine order');
select tests.act_as('nurse.north@med.demo');
insert into ids select 'gen_ibu_new', pg_temp.order_for('gen', 'IBUPROFEN', true, 2, interval '4 hours');
reset role;
update med.medication_orders set created_at = now() - interval '10 days' where id = (select id from ids where k = 'gen_ibu_new');
select tests.act_as('nurse.north@med.demo');
select isa_ok(pg_temp.give('gen_ibu_new', 'd', 0, '03:00'), 'uuid', 'a dose under the new ibuprofen order (no subtransaction)');
reset role;
select is(tests.my_row_locks('med.medication_orders', (select id from ids where k = 'gen_ibu')), array['For Update'],
    'the dose holds the seeded ibuprofen order too, under which it was not given, until the transaction ends');
select is(tests.my_row_locks('med.medication_orders', (select id from ids where k = 'gen_epi')), null, 'but not the student''s order of another drug (control)');

-- the refused doses left nothing behind: no dose, no alert
reset role;
select set_eq($$select ids.k, count(doses.id) from ids left join med.medication_doses as doses on doses.order_id = ids.id
               where ids.k in ('cet1', 'cet2', 'acet_low', 'acet_high', 'acet_unsigned', 'fam_low', 'fam_high', 'ibu1', 'ibu2', 'dip_long', 'dip_short',
                               'lor', 'epi', 'auvi')
               group by ids.k$$,
    $$values ('cet1', 1::bigint), ('cet2', 1::bigint), ('acet_low', 0::bigint), ('acet_high', 2::bigint), ('acet_unsigned', 0::bigint),
             ('fam_low', 0::bigint), ('fam_high', 2::bigint),
             ('ibu1', 1::bigint), ('ibu2', 1::bigint), ('dip_long', 0::bigint), ('dip_short', 2::bigint), ('lor', 1::bigint),
             ('epi', 1::bigint), ('auvi', 1::bigint)$$,
    'exactly the doses given stand: every refused one wrote nothing');
select set_eq($$select distinct (payload ->> 'dose_id')::uuid from core.jobs where id > (select n from counts where k = 'jobs')$$,
    $$select id from ids where k in ('epi_dose', 'auvi_dose')$$,
    'the epinephrine alerts went out for the two doses given, none for the refused one');

-- grade against age: the usual grade is the age on 1 September minus 5
-- (kindergarten = 0 at 5), two grades either way are accepted
select tests.act_as('supervisor@med.demo');
select lives_ok($$select med_api.enroll_student((select id from ids where k = 'south'), 'Young', 'Sixth',
        ((select d from days where k = 'cutoff') - interval '9 years')::date, 6)$$,
    'grade 6 at 9 on 1 September (two grades ahead) is accepted');
select throws_ok($$select med_api.enroll_student((select id from ids where k = 'south'), 'Too', 'Young',
        ((select d from days where k = 'cutoff') - interval '9 years')::date + 1, 6)$$, '22023', null,
    'grade 6 at 8 on 1 September (born a day later) is refused');
select lives_ok($$select med_api.enroll_student((select id from ids where k = 'south'), 'Old', 'Sixth',
        ((select d from days where k = 'cutoff') - interval '14 years')::date + 1, 6)$$,
    'grade 6 at 13 on 1 September (two grades behind) is accepted');
select throws_ok($$select med_api.enroll_student((select id from ids where k = 'south'), 'Too', 'Old',
        ((select d from days where k = 'cutoff') - interval '14 years')::date, 6)$$, '22023', null,
    'grade 6 at 14 on 1 September (born a day earlier) is refused');
select lives_ok($$insert into ids select 'late', med_api.enroll_student((select id from ids where k = 'north'), 'Late', 'Starter',
        ((select d from days where k = 'cutoff') - interval '8 years')::date + 1, 0)$$,
    'kindergarten at 7 on 1 September is accepted');
select throws_ok($$select med_api.enroll_student((select id from ids where k = 'north'), 'Too', 'Late',
        ((select d from days where k = 'cutoff') - interval '8 years')::date, 0)$$, '22023', null,
    'kindergarten at 8 on 1 September is refused');
select throws_ok($$select med_api.enroll_student((select id from ids where k = 'north'), 'Five', 'Fifth',
        ((select d from days where k = 'cutoff') - interval '5 years 3 months')::date, 5)$$, '22023', null,
    'a five-year-old in grade 5 is refused');
select throws_like($$select med_api.enroll_student((select id from ids where k = 'north'), 'Five', 'Fifth',
        ((select d from days where k = 'cutoff') - interval '5 years 3 months')::date, 5)$$,
    'grade 5 does not fit a student born on %, who is 5 on 1 september %', 'and the message says why');
-- the detail names the grades that would fit: at 3 on 1 September the usual
-- grade is -2 and two ahead of it is kindergarten, so grade 0 alone fits;
-- at 2 not even kindergarten does
create function pg_temp.detail_of(q text) returns text language plpgsql volatile
as $$
declare
    d text;
begin
    execute q;
    return '(no error)';
exception when others then
    get stacked diagnostics d = pg_exception_detail;
    return coalesce(nullif(d, ''), '(no detail)');
end
$$;
grant execute on function pg_temp.detail_of(text) to public;
-- (3 today as well: between 1 August and 1 September a child 3 on 1
-- September may be 2 today, which enroll_student refuses first, P0001)
select is(pg_temp.detail_of($$select med_api.enroll_student((select id from ids where k = 'north'), 'Three', 'First',
        (least((select d from days where k = 'cutoff'), (select d from days where k = 'today')) - interval '3 years')::date, 1)$$),
    'only kindergarten (0) fits that age', 'grade 1 at 3 on 1 September is refused, and the detail says kindergarten would fit');
-- a child 2 on 1 September may be 3 today only after it: the table's own
-- check (med.students' trigger) is what refuses the grade, so it is written
-- to the table directly
reset role;
select is(pg_temp.detail_of($$insert into med.students (tenant_id, school_id, first_name, last_name, birth_date, grade, enrolled_on)
        select schools.tenant_id, schools.id, 'Two', 'Kinder', ((select d from days where k = 'cutoff') - interval '3 years')::date + 1, 0,
               (select d from days where k = 'today')
        from med.schools as schools where schools.id = (select id from ids where k = 'north')$$),
    'no grade from kindergarten (0) to 12 fits that age', 'kindergarten at 2 on 1 September (born a day later) is refused: no grade fits');
select tests.act_as('nurse.north@med.demo');
select throws_ok($$select med_api.enroll_student((select id from ids where k = 'north'), 'Al', 'Bo',
        ((select d from days where k = 'cutoff') - interval '12 years')::date, 6)$$, 'P0001', null,
    'a plausible grade the school does not teach is still the P0001 it was');
reset role;
select is((select count(*) from med.students), (select n + 3 from counts where k = 'students'),
    'exactly the three plausible enrollments were written');

-- the rule is a trigger of med.students: the seed's direct writes and any
-- update of a grade or birth date pass through it
select throws_ok($$insert into med.students (tenant_id, school_id, first_name, last_name, birth_date, grade)
                   select tenant_id, id, 'Seed', 'Row', (select d from days where k = 'cutoff') - interval '6 years', 5
                   from med.schools where id = (select id from ids where k = 'north')$$, '22023', null,
    'a direct insert (the seed''s path) of a six-year-old in grade 5 is refused');
-- (on the student enrolled above, whom no other suite sees)
select throws_ok($$update med.students set grade = 5 where id = (select id from ids where k = 'late')$$, '22023', null,
    'an update moving the kindergartner (7 on 1 September) to grade 5 is refused');
select throws_ok($$update med.students set birth_date = birth_date - interval '5 years' where id = (select id from ids where k = 'late')$$,
    '22023', null, 'so is an update of the birth date that no longer fits the grade');
select results_eq($$select grade, birth_date from med.students where id = (select id from ids where k = 'late')$$,
    $$select 0, ((select d from days where k = 'cutoff') - interval '8 years')::date + 1$$, 'the refused updates changed nothing');
select lives_ok($$update med.students set grade = 1 where id = (select id from ids where k = 'late')$$,
    'a promotion to grade 1 fits the age (control)');
-- past the usual age of grade 12 (special education may run to 21): grades 10 to 12
select lives_ok($$insert into med.students (tenant_id, school_id, first_name, last_name, birth_date, grade)
                  select tenant_id, id, 'Older', 'Student', ((select d from days where k = 'cutoff') - interval '20 years')::date, 10
                  from med.schools where id = (select id from ids where k = 'north')$$,
    'a student of 20 on 1 September in grade 10 is accepted');
select throws_ok($$insert into med.students (tenant_id, school_id, first_name, last_name, birth_date, grade)
                   select tenant_id, id, 'Older', 'Student', ((select d from days where k = 'cutoff') - interval '20 years')::date, 9
                   from med.schools where id = (select id from ids where k = 'north')$$, '22023', null,
    'in grade 9 refused');

-- every seeded student fits (computed here with age(), independently of the trigger)
select cmp_ok((select count(*) from med.students), '>=', 300::bigint, 'the seed wrote its students (premise)');
select is_empty($$select first_name, last_name, birth_date, grade from med.students
                  where grade not between least(date_part('year', age((select d from days where k = 'cutoff'), birth_date))::int - 5, 12) - 2
                                      and date_part('year', age((select d from days where k = 'cutoff'), birth_date))::int - 3$$,
    'every student of the seed has a grade that fits the age');

-- a row written before the rule (or by a deploy onto older data) is judged
-- only when its grade or birth date changes (the row is written with the
-- triggers off for that one insert, session_replication_role, rather than
-- by disabling the trigger, whose table lock would stop the other suites)
set local session_replication_role = replica;
with legacy as (
    insert into med.students (tenant_id, school_id, first_name, last_name, birth_date, grade)
    select tenant_id, id, 'Legacy', 'Row', (select d from days where k = 'cutoff') - interval '6 years', 5
    from med.schools where id = (select id from ids where k = 'north')
    returning id)
insert into ids select 'legacy', id from legacy;
set local session_replication_role = origin;
select lives_ok($$update med.students set emergency_instructions = 'inhaler in the office' where id = (select id from ids where k = 'legacy')$$,
    'an update of another column of a row that does not fit is not judged');
select throws_ok($$update med.students set grade = 4 where id = (select id from ids where k = 'legacy')$$, '22023', null,
    'but a new grade that still does not fit is refused');

select * from finish();
rollback;
