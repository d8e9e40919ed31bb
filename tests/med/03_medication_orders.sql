-- Medication orders: nurses only; prescriber, consent, dates, PRN limits.
begin;
select plan(45);

create temp table ids (k text primary key, id uuid);
grant all on ids to public;
insert into ids select 'max', id from med.students where first_name = 'Max' and last_name = 'Nguyen';
insert into ids select 'ethan', id from med.students where first_name = 'Ethan' and last_name = 'Brooks';
create temp table counts (k text primary key, n bigint);
grant all on counts to public;
insert into counts select 'orders', count(*) from med.medication_orders;

select tests.act_as('nurse.north@med.demo');
select lives_ok($$insert into ids select 'order', med_api.add_medication_order((select id from ids where k = 'max'), 'Cetirizine', '5 mg', 'oral',
        false, 1, null, current_date, current_date + 90, true, 'Dr. Hana Sato')$$, 'a nurse enters a scheduled order');
select results_eq($$select medication, prescriber, is_prn, guardian_consent, is_epinephrine from med_api.medication_orders where id = (select id from ids where k = 'order')$$,
    $$values ('Cetirizine'::text, 'Dr. Hana Sato'::text, false, true, false)$$, 'the order reads back with its prescriber and consent');
select lives_ok($$insert into ids select 'epi', med_api.add_medication_order((select id from ids where k = 'max'), 'Auvi-Q epinephrine', '0.3 mg', 'injection',
        true, 2, interval '15 minutes', current_date, current_date + 90, true, 'Dr. Hana Sato')$$, 'a nurse enters an epinephrine order');
select is((select is_epinephrine from med_api.medication_orders where id = (select id from ids where k = 'epi')), true,
    'an epinephrine order is recognised by its name');
select lives_ok($$insert into ids select 'neffy', med_api.add_medication_order((select id from ids where k = 'max'), 'Neffy 2 mg', '1 spray', 'nasal',
        true, 2, interval '5 minutes', current_date, current_date + 90, true, 'Dr. Hana Sato')$$, 'a nurse enters the epinephrine nasal spray by its brand');
select is((select is_epinephrine from med_api.medication_orders where id = (select id from ids where k = 'neffy')), true,
    'a brand of epinephrine that does not say epinephrine is recognised too (its doses alert)');
insert into ids select 'epi_pen', med_api.add_medication_order((select id from ids where k = 'max'), 'Epi Pen Jr', '0.15 mg', 'injection',
        true, 2, interval '5 minutes', current_date, current_date + 90, true, 'Dr. Hana Sato');
insert into ids select 'auvi_q', med_api.add_medication_order((select id from ids where k = 'max'), 'Auvi Q', '0.1 mg', 'injection',
        true, 2, interval '5 minutes', current_date, current_date + 90, true, 'Dr. Hana Sato');
select results_eq($$select ids.k, orders.is_epinephrine from med_api.medication_orders as orders join ids on ids.id = orders.id
                   where ids.k in ('epi_pen', 'auvi_q') order by ids.k$$,
    $$values ('auvi_q'::text, true), ('epi_pen'::text, true)$$, 'and so are the brands written with a space (Epi Pen, Auvi Q): their doses alert');
-- a name pasted with an invisible character inside (a soft hyphen, a
-- zero-width space, a word joiner) or in full-width letters shows as the
-- brand and is it
insert into ids select 'epi_shy', med_api.add_medication_order((select id from ids where k = 'max'), E'Epi\u00adPen Jr', '0.15 mg', 'injection',
        true, 2, interval '5 minutes', current_date, current_date + 90, true, 'Dr. Hana Sato');
insert into ids select 'auvi_zwsp', med_api.add_medication_order((select id from ids where k = 'max'), E'Auvi\u200b-\u2060Q', '0.1 mg', 'injection',
        true, 2, interval '5 minutes', current_date, current_date + 90, true, 'Dr. Hana Sato');
insert into ids select 'epi_wide', med_api.add_medication_order((select id from ids where k = 'max'), E'\uff25\uff50\uff49\uff30\uff45\uff4e', '0.3 mg', 'injection',
        true, 2, interval '5 minutes', current_date, current_date + 90, true, 'Dr. Hana Sato');
insert into ids select 'epinastine', med_api.add_medication_order((select id from ids where k = 'max'), E'Epi\u00adnastine', '1 drop', 'ophthalmic',
        true, 2, interval '5 minutes', current_date, current_date + 90, true, 'Dr. Hana Sato');
select results_eq($$select ids.k, orders.is_epinephrine from med_api.medication_orders as orders join ids on ids.id = orders.id
                   where ids.k in ('epi_shy', 'auvi_zwsp', 'epi_wide', 'epinastine') order by ids.k$$,
    $$values ('auvi_zwsp'::text, true), ('epi_shy'::text, true), ('epi_wide'::text, true), ('epinastine'::text, false)$$,
    'an epinephrine brand with a soft hyphen, a zero-width space or a word joiner inside, or in full-width letters, is an epinephrine order (and epinastine, an eye drop, is not)');
-- the brand's parts joined by any dash (an en dash of Word's autocorrect, a
-- figure dash, an em dash, a minus sign), and the French spellings
insert into ids select k, med_api.add_medication_order((select id from ids where k = 'max'), name, '0.15 mg', 'injection',
        true, 2, interval '5 minutes', current_date, current_date + 90, true, 'Dr. Hana Sato')
from (values ('auvi_en', E'Auvi\u2013Q 0.15 mg'), ('epi_figure', E'Epi\u2012Pen Jr'), ('epi_em', E'Epi\u2014Pen'), ('auvi_minus', E'Auvi\u2212Q'),
             ('adrenaline_fr', 'Adrénaline 0.15 mg'), ('epinephrine_fr', 'ÉPINÉPHRINE'), ('epinastine_fr', E'\u00c9pinastine')) as v(k, name);
select results_eq($$select ids.k, orders.is_epinephrine from med_api.medication_orders as orders join ids on ids.id = orders.id
                   where ids.k in ('auvi_en', 'epi_figure', 'epi_em', 'auvi_minus', 'adrenaline_fr', 'epinephrine_fr', 'epinastine_fr') order by ids.k$$,
    $$values ('adrenaline_fr'::text, true), ('auvi_en'::text, true), ('auvi_minus'::text, true), ('epi_em'::text, true), ('epi_figure'::text, true),
             ('epinastine_fr'::text, false), ('epinephrine_fr'::text, true)$$,
    'Auvi<en dash>Q, Epi<figure dash>Pen, Epi<em dash>Pen, Auvi<minus>Q, Adrénaline and ÉPINÉPHRINE are epinephrine orders (and Épinastine is not)');
select lives_ok($$insert into ids select 'unsigned', med_api.add_medication_order((select id from ids where k = 'max'), 'Ibuprofen', '200 mg', 'oral',
        true, 2, interval '4 hours', current_date, current_date + 30, false)$$,
    'the fixed ten-argument call works: an order may be entered before its prescriber and consent are on file');
-- a prescriber must show: btrim strips only the space
select throws_ok($$select med_api.authorize_order((select id from ids where k = 'unsigned'), E'\t', true)$$, '22023', null,
    'a prescriber of a tab is malformed');
select throws_ok($$select med_api.authorize_order((select id from ids where k = 'unsigned'), E'\u00a0', true)$$, '22023', null,
    'a prescriber of a no-break space is malformed');
select throws_ok($$select med_api.authorize_order((select id from ids where k = 'unsigned'), E'\u200b', true)$$, '22023', null,
    'a prescriber of a zero-width space is malformed');
select is((select prescriber from med_api.medication_orders where id = (select id from ids where k = 'unsigned')), null,
    'and none was put on file');
insert into ids select 'nbsp_prescriber', med_api.add_medication_order((select id from ids where k = 'max'), 'Zinc oxide', 'thin layer', 'topical',
        false, 2, null, current_date, current_date + 30, true, E'\u00a0\u200b');
select is((select prescriber from med_api.medication_orders where id = (select id from ids where k = 'nbsp_prescriber')), null,
    'an order entered with a prescriber of a no-break and a zero-width space has none on file (it waits for authorize_order)');
select throws_ok($$select med_api.add_medication_order((select id from ids where k = 'max'), E'\u200b', '5 mg', 'oral',
        false, 1, null, current_date, current_date + 30, true, 'Dr. X')$$, '22023', null, 'a medication of a zero-width space is malformed');
select throws_ok($$select med_api.add_medication_order((select id from ids where k = 'max'), 'Zinc', E'\u3000', 'oral',
        false, 1, null, current_date, current_date + 30, true, 'Dr. X')$$, '22023', null, 'a dose of an ideographic space is malformed');
select throws_ok($$select med_api.add_medication_order((select id from ids where k = 'max'), 'Ibuprofen', '200 mg', 'oral',
        true, null, interval '4 hours', current_date, current_date + 30, true, 'Dr. X')$$, '22023', null, 'a PRN order needs a daily maximum');
select throws_ok($$select med_api.add_medication_order((select id from ids where k = 'max'), 'Ibuprofen', '200 mg', 'oral',
        true, 2, null, current_date, current_date + 30, true, 'Dr. X')$$, '22023', null, 'a PRN order needs a minimum interval');
select throws_ok($$select med_api.add_medication_order((select id from ids where k = 'max'), 'Ibuprofen', '200 mg', 'oral',
        true, 0, interval '4 hours', current_date, current_date + 30, true, 'Dr. X')$$, '22023', null, 'a daily maximum of 0 is malformed');
select throws_ok($$select med_api.add_medication_order((select id from ids where k = 'max'), 'Ibuprofen', '200 mg', 'oral',
        true, 2, interval '-4 hours', current_date, current_date + 30, true, 'Dr. X')$$, '22023', null, 'a negative interval is malformed');
-- a scheduled order says how often too: without a daily maximum any number of doses could be given
select throws_ok($$select med_api.add_medication_order((select id from ids where k = 'max'), 'Methylphenidate', '5 mg', 'oral',
        false, null, null, current_date, current_date + 30, true, 'Dr. X')$$, '22023', null, 'a scheduled order needs a daily maximum too');
select throws_ok($$select med_api.add_medication_order((select id from ids where k = 'max'), 'Ibuprofen', '200 mg', 'oral',
        true, 25, interval '4 hours', current_date, current_date + 30, true, 'Dr. X')$$, '22023', null, 'a daily maximum over 24 is malformed');
select throws_ok($$select med_api.add_medication_order((select id from ids where k = 'max'), 'Ibuprofen', '200 mg', 'oral',
        true, 24, interval '1 second', current_date, current_date + 30, true, 'Dr. X')$$, '22023', null, 'a minimum interval under 5 minutes is malformed');
select throws_ok($$select med_api.add_medication_order((select id from ids where k = 'max'), 'Ibuprofen', '200 mg', 'oral',
        true, 2, interval '8 days', current_date, current_date + 30, true, 'Dr. X')$$, '22023', null, 'a minimum interval over 7 days is malformed');
-- months have no fixed length: '1 mon -29 days' compares as one day, but from
-- a date in February it reaches back in time and spaces no dose at all
select throws_ok($$select med_api.add_medication_order((select id from ids where k = 'max'), 'Ibuprofen', '200 mg', 'oral',
        true, 2, interval '1 mon -29 days', current_date, current_date + 30, true, 'Dr. X')$$, '22023', null,
    'a minimum interval counted in months is malformed, even one that compares as a day');
select throws_ok($$select med_api.add_medication_order((select id from ids where k = 'max'), 'Ibuprofen', '200 mg', 'oral',
        true, 2, interval '-1 mon 30 days 4 hours', current_date, current_date + 30, true, 'Dr. X')$$, '22023', null,
    'a minimum interval of minus a month plus 30 days and 4 hours is malformed too');
select lives_ok($$insert into ids select 'exact', med_api.add_medication_order((select id from ids where k = 'max'), 'Ibuprofen', '200 mg', 'oral',
        true, 2, interval '1 day -20 hours', current_date, current_date + 30, true, 'Dr. X')$$,
    'a minimum interval of a day less 20 hours is accepted');
select is((select min_interval::text from med_api.medication_orders where id = (select id from ids where k = 'exact')), '04:00:00',
    'and kept as the exact duration it was judged as, 4 hours (a calendar day is 23 or 25 hours across a DST change)');
select lives_ok($$insert into ids select 'limits', med_api.add_medication_order((select id from ids where k = 'max'), 'Albuterol', '2 puffs', 'inhaled',
        true, 24, interval '5 minutes', current_date, current_date + 30, true, 'Dr. X')$$, 'the limits themselves (24 a day, 5 minutes) are accepted (control)');
-- exactly at the boundaries (North's calendar day, America/Los_Angeles)
select lives_ok($$select med_api.add_medication_order((select id from ids where k = 'max'), 'Ibuprofen', '200 mg', 'oral',
        true, 1, interval '7 days', (now() at time zone 'America/Los_Angeles')::date, (now() at time zone 'America/Los_Angeles')::date,
        true, 'Dr. X')$$, 'a one-day order ending today, with a minimum interval of exactly 7 days, is accepted');
select lives_ok($$select med_api.add_medication_order((select id from ids where k = 'max'), 'Ibuprofen', '200 mg', 'oral',
        true, 2, interval '4 hours', (now() at time zone 'America/Los_Angeles')::date, (now() at time zone 'America/Los_Angeles')::date + 366,
        true, 'Dr. X')$$, 'an order of exactly 366 days is accepted');
select throws_ok($$select med_api.add_medication_order((select id from ids where k = 'max'), 'Ibuprofen', '200 mg', 'by mouth',
        true, 2, interval '4 hours', current_date, current_date + 30, true, 'Dr. X')$$, '22023', null, 'an unknown route is malformed');
select throws_ok($$select med_api.add_medication_order((select id from ids where k = 'max'), 'Ibuprofen', '200 mg', 'oral',
        true, 2, interval '4 hours', current_date, null, true, 'Dr. X')$$, '22023', null, 'an order needs an end date');
select throws_ok($$select med_api.add_medication_order((select id from ids where k = 'max'), 'Ibuprofen', '200 mg', 'oral',
        true, 2, interval '4 hours', current_date, current_date - 1, true, 'Dr. X')$$, '22023', null, 'an order ending before it starts is malformed');
select throws_ok($$select med_api.add_medication_order((select id from ids where k = 'max'), 'Ibuprofen', '200 mg', 'oral',
        true, 2, interval '4 hours', current_date - 60, current_date - 30, true, 'Dr. X')$$, 'P0001', null, 'an order already ended is refused');
select throws_ok($$select med_api.add_medication_order((select id from ids where k = 'max'), 'Ibuprofen', '200 mg', 'oral',
        true, 2, interval '4 hours', current_date, current_date + 400, true, 'Dr. X')$$, 'P0001', null, 'an order longer than a year is refused');
-- a start years ahead is no prescription (and at the last date the length overflowed: 22008)
select throws_ok($$select med_api.add_medication_order((select id from ids where k = 'max'), 'Ibuprofen', '200 mg', 'oral',
        true, 2, interval '4 hours', '5874897-12-30', '5874897-12-31', true, 'Dr. X')$$, 'P0001', null,
    'an order starting at the last date PostgreSQL knows is refused as a business rule, not a date overflow');
select throws_ok($$select med_api.add_medication_order((select id from ids where k = 'max'), 'Ibuprofen', '200 mg', 'oral',
        true, 2, interval '4 hours', (now() at time zone 'America/Los_Angeles')::date + 367, (now() at time zone 'America/Los_Angeles')::date + 400,
        true, 'Dr. X')$$, 'P0001', null, 'an order starting a year and a day ahead is refused');
select lives_ok($$select med_api.add_medication_order((select id from ids where k = 'max'), 'Ibuprofen', '200 mg', 'oral',
        true, 2, interval '4 hours', (now() at time zone 'America/Los_Angeles')::date + 366, (now() at time zone 'America/Los_Angeles')::date + 366,
        true, 'Dr. X')$$, 'an order starting exactly a year ahead (366 days) is accepted');
select throws_ok($$select med_api.add_medication_order((select id from ids where k = 'ethan'), 'Ibuprofen', '200 mg', 'oral',
        true, 2, interval '4 hours', current_date, current_date + 30, true, 'Dr. X')$$, 'PT404', null, 'a nurse may not order for another school''s student');
select tests.act_as('aide.north@med.demo');
select throws_ok($$select med_api.add_medication_order((select id from ids where k = 'max'), 'Ibuprofen', '200 mg', 'oral',
        true, 2, interval '4 hours', current_date, current_date + 30, true, 'Dr. X')$$, '42501', null, 'an aide never creates orders');
select ok(exists (select from med_api.medication_orders where id = (select id from ids where k = 'order')), 'but the aide of the school sees the order');
select tests.act_as('supervisor@med.demo');
select throws_ok($$select med_api.add_medication_order((select id from ids where k = 'max'), 'Ibuprofen', '200 mg', 'oral',
        true, 2, interval '4 hours', current_date, current_date + 30, true, 'Dr. X')$$, '42501', null, 'the supervisor does not create orders');
reset role;
select is((select count(*) from med.medication_orders), (select n + 23 from counts where k = 'orders'),
    'exactly the twenty-three accepted orders were written');

select * from finish();
rollback;
