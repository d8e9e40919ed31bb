-- Migration 0015: med invisible characters
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
