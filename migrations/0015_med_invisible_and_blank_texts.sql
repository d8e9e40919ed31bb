-- Migration 0015: med invisible and blank texts
--
-- Takes a live database from the previous release's 0_tables/1_junctions to
-- this one's. It runs inside the deploy's transaction, after the code of the
-- previous release was dropped and before the new code is created: use the
-- data schemas only, qualify every name, no begin/commit. Never edit it once
-- applied anywhere (deploy refuses a changed checksum): write a new one.

-- Names with an invisible character in them (a soft hyphen, a zero-width
-- space or joiner, a word joiner) were other names: "Epi<U+00AD>Pen" was not
-- epinephrine (no EMS alert), "Ibu<U+00AD>profen" another drug than
-- "Ibuprofen" (a second daily maximum and interval), "Tom Ngu<U+00AD>yen" not
-- the restricted guardian "Tom Nguyen". med_private.single_spaced, which
-- person_key, drug_key and names_epinephrine read names through, now removes
-- the invisible format characters and folds NFKC before it makes white space
-- single spaces. The new code does not exist yet, so its expression is
-- written out below.
--
-- 1. A pickup's name is stored as single_spaced keeps it, and the unique
--    name per student (authorized_pickups_student_id_name_key, on
--    lower(btrim(full_name))) holds over that form: the names stored before
--    are brought to the new form. Two pickups of one student whose names
--    differ only by such a character become one name: the update then stops
--    the deploy (23505), to be mended first (remove one of them).
update med.authorized_pickups
set full_name = pg_catalog.btrim(pg_catalog.regexp_replace(
        pg_catalog.normalize(
            pg_catalog.regexp_replace(full_name,
                '[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]+', '', 'g'),
            'NFKC'),
        '[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+', ' ', 'g'))
where full_name is distinct from pg_catalog.btrim(pg_catalog.regexp_replace(
        pg_catalog.normalize(
            pg_catalog.regexp_replace(full_name,
                '[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]+', '', 'g'),
            'NFKC'),
        '[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+', ' ', 'g'));

-- 2. is_epinephrine is judged once, when the order is entered
--    (names_epinephrine): an order entered as "Epi<U+00AD>Pen" is an
--    epinephrine order from now on (its next dose alerts, and it is one drug
--    with the student's other epinephrine orders). The new reading only
--    widens the old one, so no order loses the flag.
update med.medication_orders
set is_epinephrine = true
where not is_epinephrine
  and pg_catalog.btrim(pg_catalog.regexp_replace(
          pg_catalog.normalize(
              pg_catalog.regexp_replace(medication,
                  '[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]+', '', 'g'),
              'NFKC'),
          '[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+', ' ', 'g'))
      ~* '(epinephrin|adrenalin|epi[-\s\u00a0\u2010\u2011._]*pen|auvi[-\s\u00a0\u2010\u2011._]*q|adrenaclick|symjepi|neffy|twinject|anapen|emerade|jext)';

-- The required texts of school health: btrim strips only the space, so a
-- text of tabs, line breaks, no-break, ideographic or zero-width spaces
-- passed for a student's or guardian's name, an allergen, a medication or
-- a dose, a complaint, a health-record read's reason, a custody
-- restriction's reason, a pickup's name or a relationship. Each *_not_blank
-- check now needs a character that is not white space (the ASCII white
-- space and the Unicode spaces, the class of migration 0009); the API
-- functions refuse the invisible characters too (core.has_text). A
-- guardian's e-mail holding white space or an invisible character
-- anywhere is malformed, as core.is_email says (its expression). Validated:
-- a row holding such a text stops the deploy, to be mended first.
alter table med.districts drop constraint districts_name_not_blank;
alter table med.districts add constraint districts_name_not_blank check (name ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]');
alter table med.schools drop constraint schools_name_not_blank;
alter table med.schools add constraint schools_name_not_blank check (name ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]');
alter table med.students drop constraint students_first_name_not_blank;
alter table med.students add constraint students_first_name_not_blank check (first_name ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]');
alter table med.students drop constraint students_last_name_not_blank;
alter table med.students add constraint students_last_name_not_blank check (last_name ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]');
alter table med.guardians drop constraint guardians_full_name_not_blank;
alter table med.guardians add constraint guardians_full_name_not_blank check (full_name ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]');
alter table med.guardians drop constraint guardians_email_is_plausible;
alter table med.guardians add constraint guardians_email_is_plausible check (email ~ '^[^@[:space:]\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\ufeff\uffa0]+@[^@[:space:]\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\ufeff\uffa0]+\.[^@[:space:]\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\ufeff\uffa0]+$');
alter table med.conditions drop constraint conditions_name_not_blank;
alter table med.conditions add constraint conditions_name_not_blank check (name ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]');
alter table med.allergies drop constraint allergies_allergen_not_blank;
alter table med.allergies add constraint allergies_allergen_not_blank check (allergen ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]');
alter table med.action_plans drop constraint action_plans_instructions_not_blank;
alter table med.action_plans add constraint action_plans_instructions_not_blank check (instructions ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]');
alter table med.medication_orders drop constraint medication_orders_medication_not_blank;
alter table med.medication_orders add constraint medication_orders_medication_not_blank check (medication ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]');
alter table med.medication_orders drop constraint medication_orders_dose_not_blank;
alter table med.medication_orders add constraint medication_orders_dose_not_blank check (dose ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]');
alter table med.visits drop constraint visits_complaint_not_blank;
alter table med.visits add constraint visits_complaint_not_blank check (complaint ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]');
alter table med.health_record_reads drop constraint health_record_reads_reason_not_blank;
alter table med.health_record_reads add constraint health_record_reads_reason_not_blank check (reason ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]');
alter table med.authorized_pickups drop constraint authorized_pickups_full_name_not_blank;
alter table med.authorized_pickups add constraint authorized_pickups_full_name_not_blank check (full_name ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]');
alter table med.custody_restrictions drop constraint custody_restrictions_reason_not_blank;
alter table med.custody_restrictions add constraint custody_restrictions_reason_not_blank check (reason ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]');
alter table med.student_guardians drop constraint student_guardians_relationship_not_blank;
alter table med.student_guardians add constraint student_guardians_relationship_not_blank check (relationship ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]');
