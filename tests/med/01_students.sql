-- Districts, schools, students; guardians, custody restrictions and the
-- ordered list of authorized pickups.
begin;
select plan(84);

create temp table ids (k text primary key, id uuid);
grant all on ids to public;
insert into ids select 'north', id from med.schools where name = 'North Elementary';
insert into ids select 'south', id from med.schools where name = 'South Middle';
insert into ids select 'max', id from med.students where first_name = 'Max' and last_name = 'Nguyen';
insert into ids select 'ava', id from med.students where first_name = 'Ava' and last_name = 'Stone';
insert into ids select 'rick', id from med.guardians where full_name = 'Rick Stone';
insert into ids select 'tom', id from med.guardians where full_name = 'Tom Nguyen';
insert into ids select 'paul', id from med.guardians where full_name = 'Paul Brooks';
create temp table counts (k text primary key, n bigint);
grant all on counts to public;
insert into counts select 'students', count(*) from med.students;

-- enrolling
select tests.act_as('nurse.north@med.demo');
select lives_ok($$insert into ids select 'zoe', med_api.enroll_student((select id from ids where k = 'north'), ' Zoe ', 'Park', (current_date - interval '6 years 2 months')::date, 1)$$,
    'a nurse enrolls a student at her school');
select results_eq($$select first_name, last_name, grade from med_api.students where id = (select id from ids where k = 'zoe')$$,
    $$values ('Zoe'::text, 'Park'::text, 1)$$, 'the new student is visible to the nurse, names trimmed');
select throws_ok($$select med_api.enroll_student((select id from ids where k = 'south'), 'Al', 'Bo', (current_date - interval '12 years')::date, 7)$$,
    'PT404', null, 'a nurse may not enroll at a school she is not assigned to');
select throws_ok($$select med_api.enroll_student((select id from ids where k = 'north'), 'Al', 'Bo', (current_date - interval '12 years')::date, 7)$$,
    'P0001', null, 'a grade the school does not teach is refused');
select throws_ok($$select med_api.enroll_student((select id from ids where k = 'north'), 'Al', 'Bo', (current_date - interval '6 years')::date, 13)$$,
    '22023', null, 'grade 13 is malformed');
select throws_ok($$select med_api.enroll_student((select id from ids where k = 'north'), '  ', 'Bo', (current_date - interval '6 years')::date, 1)$$,
    '22023', null, 'a blank first name is malformed');
select throws_ok($$select med_api.enroll_student((select id from ids where k = 'north'), 'Al', 'Bo', current_date + 10, 1)$$,
    '22023', null, 'a birth date in the future is malformed');
select throws_ok($$select med_api.enroll_student((select id from ids where k = 'north'), 'Al', 'Bo', 'infinity', 1)$$,
    '22023', null, 'an infinite birth date is malformed');
select throws_ok($$select med_api.enroll_student((select id from ids where k = 'north'), 'Al', 'Bo', null, 1)$$,
    '22023', null, 'a missing birth date is malformed');
select throws_ok($$select med_api.enroll_student((select id from ids where k = 'north'), 'Al', 'Bo', '-infinity', 1)$$,
    '22023', null, 'a birth date at minus infinity is malformed (not an age out of range)');
select throws_ok($$select med_api.enroll_student((select id from ids where k = 'north'), 'Al', 'Bo', (current_date - interval '2 years')::date, 0)$$,
    'P0001', null, 'a two-year-old is not of school age');
select throws_ok($$select med_api.enroll_student((select id from ids where k = 'north'), 'Al', 'Bo', (now() at time zone 'America/Los_Angeles')::date, 0)$$,
    'P0001', null, 'a child born today is not of school age (a birth date of today is not in the future)');
select tests.act_as('supervisor@med.demo');
select lives_ok($$select med_api.enroll_student((select id from ids where k = 'south'), 'Ana', 'Diaz', (current_date - interval '12 years 3 months')::date, 7)$$,
    'the supervisor enrolls anywhere in the district');
select tests.act_as('aide.north@med.demo');
select throws_ok($$select med_api.enroll_student((select id from ids where k = 'north'), 'Al', 'Bo', (current_date - interval '6 years')::date, 1)$$,
    '42501', null, 'an aide may not enroll students');
select tests.act_as('teacher.north@med.demo');
select throws_ok($$select med_api.enroll_student((select id from ids where k = 'north'), 'Al', 'Bo', (current_date - interval '6 years')::date, 1)$$,
    '42501', null, 'a teacher may not enroll students');
select tests.act_as('nurse@other-med.demo');
select throws_ok($$select med_api.enroll_student((select id from ids where k = 'north'), 'Al', 'Bo', (current_date - interval '6 years')::date, 1)$$,
    'PT404', null, 'the other district''s nurse does not see our school');
reset role;
select is((select count(*) from med.students), (select n + 2 from counts where k = 'students'),
    'exactly the two allowed enrollments were written; every refused one left nothing');

-- guardians and the ordered pickup list
select tests.act_as('nurse.north@med.demo');
select lives_ok($$insert into ids select 'kim', med_api.add_guardian((select id from ids where k = 'zoe'), 'Kim Park', 'mother', 'kim.park@example.org', '+1 (555) 555-0911')$$,
    'a nurse adds a guardian with e-mail and phone');
select results_eq($$select email, phone from med_api.guardians where id = (select id from ids where k = 'kim')$$,
    $$values ('kim.park@example.org'::text, '+15555550911'::text)$$, 'the phone is kept in E.164 form');
select is(med_api.add_guardian((select id from ids where k = 'zoe'), 'Grace Nguyen', 'aunt', 'GUARDIAN1@med.demo'),
    (select id from med_api.guardians where email = 'guardian1@med.demo'), 'a guardian the nurse already sees is linked, not duplicated');
select isnt(med_api.add_guardian((select id from ids where k = 'zoe'), 'Paul Brooks', 'uncle', 'paul.brooks@families.example'),
    (select id from ids where k = 'paul'), 'a guardian of another school is not revealed by guessing the e-mail: a new record is made');
select throws_ok($$select med_api.add_guardian((select id from ids where k = 'zoe'), 'Lee Park', 'father', null, '555-1234')$$,
    '22023', null, 'a phone number without a country code is malformed');
select throws_ok($$select med_api.add_guardian((select id from ids where k = 'zoe'), 'Lee Park', 'father', 'not-an-email')$$,
    '22023', null, 'a malformed e-mail is refused');
select throws_ok($$select med_api.add_guardian((select id from ids where k = 'zoe'), 'Lee Park', 'father', E'lee.park@example\u00a0.org')$$,
    '22023', null, 'an e-mail holding a no-break space is malformed (core.is_email)');
select throws_ok($$select med_api.add_guardian((select id from ids where k = 'zoe'), E'\u3000\u00ad', 'father')$$,
    '22023', null, 'a name of an ideographic space and a soft hyphen is blank');
select throws_ok($$select med_api.add_guardian((select id from ids where k = 'zoe'), 'Lee Park', E'\u200b\t')$$,
    '22023', null, 'a relationship of a zero-width space and a tab is blank');
select lives_ok($$select med_api.add_authorized_pickup((select id from ids where k = 'zoe'), 'Kim Park', 'mother', null, (select id from ids where k = 'kim'))$$,
    'the mother is the first pickup');
select lives_ok($$select med_api.add_authorized_pickup((select id from ids where k = 'zoe'), 'June Park', 'aunt', '+15555550912')$$,
    'the aunt is the second pickup');
select results_eq($$select position, full_name from med_api.authorized_pickups where student_id = (select id from ids where k = 'zoe') order by position$$,
    $$values (1, 'Kim Park'::text), (2, 'June Park'::text)$$, 'pickups are kept in order');
select throws_ok($$select med_api.add_authorized_pickup((select id from ids where k = 'zoe'), 'june park', 'aunt')$$,
    '23505', null, 'the same person twice on the list is a duplicate');
select throws_ok($$select med_api.add_authorized_pickup((select id from ids where k = 'zoe'), 'June  Park', 'aunt')$$,
    '23505', null, 'and so under another spacing (the name is stored with single spaces)');
select throws_ok($$select med_api.add_authorized_pickup((select id from ids where k = 'zoe'), E'June Pa\u00adrk', 'aunt')$$,
    '23505', null, 'and so with a soft hyphen inside (the name is stored without invisible characters)');
insert into ids select 'min', med_api.add_authorized_pickup((select id from ids where k = 'zoe'), E'\u00a0Mi\u200bn\u2060 \uff30ark\ufeff', 'aunt');
select is((select full_name from med_api.authorized_pickups where id = (select id from ids where k = 'min')),
    'Min Park', 'a pickup''s name is stored as it shows: no invisible character, full-width letters folded, single spaces');
select lives_ok($$select med_api.add_authorized_pickup((select id from ids where k = 'zoe'), repeat('c', 200), 'cousin')$$,
    'a pickup name of 200 characters is accepted (201 is 22023)');

-- custody restrictions
select throws_ok($$select med_api.add_authorized_pickup((select id from ids where k = 'ava'), 'Rick Stone', 'father')$$,
    'P0001', null, 'a guardian under a custody restriction cannot become a pickup, even by name only');
select throws_ok($$select med_api.add_authorized_pickup((select id from ids where k = 'ava'), 'Rick  Stone', 'father')$$,
    'P0001', null, 'nor by his name with two spaces');
select throws_ok($$select med_api.add_authorized_pickup((select id from ids where k = 'ava'), E'rick\u00a0stone', 'father')$$,
    'P0001', null, 'nor by his name with a no-break space, in lower case');
select throws_ok($$select med_api.add_authorized_pickup((select id from ids where k = 'ava'), E'Rick Sto\u00adne', 'father')$$,
    'P0001', null, 'nor by his name with a soft hyphen inside, which shows as Rick Stone');
select throws_ok($$select med_api.add_authorized_pickup((select id from ids where k = 'ava'), E'Ri\u2060ck\u200b St\u200cone', 'father')$$,
    'P0001', null, 'nor with a word joiner, a zero-width space and a zero-width non-joiner in it');
-- nor linked to Ava again as a new guardian under another e-mail and phone,
-- a row no restriction would cover, which the EMS and sent-home alerts reach
select throws_ok($$select med_api.add_guardian((select id from ids where k = 'ava'), 'Rick Stone', 'father', 'rick.stone@work.example', '+15555550299')$$,
    'P0001', null, 'a guardian under a custody restriction is not linked again under a new e-mail');
select throws_ok($$select med_api.add_guardian((select id from ids where k = 'ava'), E' rick  sto\u00adne ', 'father', null, '+15555550298')$$,
    'P0001', null, 'nor under his name spaced, in lower case, with a soft hyphen inside');
select lives_ok($$select med_api.add_guardian((select id from ids where k = 'ava'), 'Rita Stone', 'aunt', 'rita.stone@families.example')$$,
    'another name is linked to Ava (control)');
-- names compared beyond ASCII: the database has no locale, where lower()
-- folds A-Z only, so a name in capitals with an accent was someone else
insert into ids select 'jurgen', med_api.add_guardian((select id from ids where k = 'ava'), 'Jürgen Müller', 'stepfather', 'juergen@example.com', '+15555550111');
-- listed by the mother in capitals before the court order
select lives_ok($$select med_api.add_authorized_pickup((select id from ids where k = 'ava'), 'JÜRGEN MÜLLER', 'stepfather')$$,
    'premise: Jürgen Müller is listed as a pickup in capitals before any restriction');
select lives_ok($$select med_api.restrict_custody((select id from ids where k = 'ava'), (select id from ids where k = 'jurgen'), 'court order 2026-11-20: no contact')$$,
    'premise: Jürgen Müller is restricted for Ava');
select is((select count(*) from med_api.authorized_pickups where student_id = (select id from ids where k = 'ava') and full_name = 'JÜRGEN MÜLLER'), 0::bigint,
    'the restriction removes his pickup listed in capitals (ü and Ü are one letter)');
select throws_ok($$select med_api.add_authorized_pickup((select id from ids where k = 'ava'), 'JÜRGEN MÜLLER', 'stepfather')$$,
    'P0001', null, 'a restricted guardian is not listed as a pickup in capitals with accents');
select throws_ok($$select med_api.add_guardian((select id from ids where k = 'ava'), 'JÜRGEN MÜLLER', 'father', 'jurgen.m@example.net', '+15555550199')$$,
    'P0001', null, 'nor linked again as a guardian in capitals with accents');
select lives_ok($$select med_api.add_authorized_pickup((select id from ids where k = 'ava'), 'JÜRGEN MILLER', 'neighbour')$$,
    'another name in capitals is listed (control)');
-- a phone's smart apostrophe, a word processor's hyphen
insert into ids select 'sean', med_api.add_guardian((select id from ids where k = 'ava'), 'Sean O''Brien-Hale', 'stepfather', 'sean@example.com');
select lives_ok($$select med_api.restrict_custody((select id from ids where k = 'ava'), (select id from ids where k = 'sean'), 'protective order 2026-11-02')$$,
    'premise: Sean O''Brien-Hale is restricted for Ava');
select throws_ok($$select med_api.add_authorized_pickup((select id from ids where k = 'ava'), E'Sean O\u2019Brien-Hale', 'father')$$,
    'P0001', null, 'nor is he listed with a typographic apostrophe (U+2019)');
select throws_ok($$select med_api.add_authorized_pickup((select id from ids where k = 'ava'), E'Sean O''Brien\u2010Hale', 'father')$$,
    'P0001', null, 'nor with a Unicode hyphen (U+2010)');
select throws_ok($$select med_api.add_guardian((select id from ids where k = 'ava'), E'SEAN O\u2018BRIEN\u2013HALE', 'father', 'sob@example.net')$$,
    'P0001', null, 'nor linked again as a guardian with a left quote and an en dash, in capitals');
select lives_ok($$select med_api.add_authorized_pickup((select id from ids where k = 'ava'), E'Sean O\u2019Brien', 'cousin')$$,
    'another name with a typographic apostrophe is listed (control)');
reset role;
select results_eq($$select med_private.person_key(a) = med_private.person_key(b) from (values ('Zoë Weiß', 'ZOË WEISS', 1), ('Νίκος Παπαδόπουλος', 'ΝΊΚΟΣ ΠΑΠΑΔΌΠΟΥΛΟΣ', 2),
                   ('Ibrahim Yılmaz', 'IBRAHIM YILMAZ', 3), ('İpek Şahin', 'ipek şahin', 4), (E'Ann\u2212Marie D\u02bcAmico', 'ann-marie d''amico', 5),
                   ('Muller', 'Müller', 6)) as v(a, b, n) order by n$$,
    $$values (true), (true), (true), (true), (true), (false)$$,
    'person_key folds ß to ss, Greek capitals, the Turkish dotless and dotted i, a minus sign and a modifier apostrophe; an accent is kept');
reset role;
select is((select count(*) from med.guardians where med_private.person_key(full_name) = 'rick stone' or email = 'rick.stone@work.example'), 1::bigint,
    'the refused links left no guardian row behind: Rick Stone is still the one restricted row');
select tests.act_as('nurse.north@med.demo');
-- nor is another guardian row of his, found by its e-mail, linked to Ava
-- whatever name is typed: a second row for a child of another marriage
insert into ids select 'rick2', med_api.add_guardian((select id from ids where k = 'max'), 'Rick Stone', 'uncle', 'rick.work@example.com', '+15555550177');
select throws_ok($$select med_api.add_guardian((select id from ids where k = 'ava'), 'Emergency contact', 'other', 'rick.work@example.com')$$,
    'P0001', null, 'a guardian row found by e-mail whose name is that of a restricted guardian is not linked');
select throws_like($$select med_api.add_guardian((select id from ids where k = 'ava'), 'Emergency contact', 'other', 'RICK.WORK@example.com')$$,
    '%Rick Stone%custody restriction%', 'the refusal names the row''s guardian, not the name typed');
select lives_ok($$select med_api.add_guardian((select id from ids where k = 'ava'), 'Emergency contact', 'other', 'guardian1@med.demo')$$,
    'a guardian row found by e-mail whose name is not restricted is linked (control)');
select throws_ok($$select med_api.restrict_custody((select id from ids where k = 'max'), (select id from ids where k = 'rick'), 'court order')$$,
    'PT404', null, 'a restriction names a guardian of that very student');
select throws_ok($$select med_api.restrict_custody((select id from ids where k = 'max'), (select id from ids where k = 'tom'), '  ')$$,
    '22023', null, 'a restriction needs a reason');
select throws_ok($$select med_api.restrict_custody((select id from ids where k = 'max'), (select id from ids where k = 'tom'), E'\t')$$,
    '22023', null, 'a reason of a tab is none');
select throws_ok($$select med_api.restrict_custody((select id from ids where k = 'max'), (select id from ids where k = 'tom'), E'\u00a0')$$,
    '22023', null, 'nor is one of a no-break space');
select throws_ok($$select med_api.restrict_custody((select id from ids where k = 'max'), (select id from ids where k = 'tom'), E'\u200b')$$,
    '22023', null, 'nor one of a zero-width space');
-- a stale entry of him under another spacing (as if entered before the rule)
reset role;
insert into med.authorized_pickups (tenant_id, student_id, position, full_name, relationship)
select tenant_id, id, 20, E'Tom \t Nguyen', 'father' from med.students where id = (select id from ids where k = 'max');
select tests.act_as('nurse.north@med.demo');
select ok(exists (select from med_api.authorized_pickups where student_id = (select id from ids where k = 'max') and full_name = 'Tom Nguyen'),
    'before the restriction Tom Nguyen may pick Max up');
select throws_ok($$select med_api.restrict_custody((select id from ids where k = 'max'), (select id from ids where k = 'tom'), 'court order', 'infinity')$$,
    '22023', null, 'a restriction ending at infinity is malformed (null means until lifted)');
select lives_ok($$select med_api.restrict_custody((select id from ids where k = 'max'), (select id from ids where k = 'tom'), 'court order 2026-44')$$,
    'a nurse records a custody restriction against Tom Nguyen for Max');
-- it holds the lock of Max's pickup list that add_authorized_pickup takes:
-- a pickup of Tom added at the same time waits, then finds the restriction
-- (without it both passed and Tom stayed listed)
select ok(exists (select from pg_catalog.pg_locks as locks
                  cross join (select pg_catalog.hashtextextended('med.authorized_pickups:' || (select id from ids where k = 'max')::text, 0) as k) as key
                  where locks.locktype = 'advisory' and locks.pid = pg_catalog.pg_backend_pid() and locks.granted
                    and locks.classid::bigint = (key.k >> 32) & 4294967295 and locks.objid::bigint = key.k & 4294967295
                    and locks.objsubid = 1),
    'the restriction holds the student''s pickup-list lock until its transaction ends');
select ok(not exists (select from med_api.authorized_pickups where student_id = (select id from ids where k = 'max') and full_name = 'Tom Nguyen'),
    'the restricted guardian is taken off the pickup list');
select ok(not exists (select from med_api.authorized_pickups where student_id = (select id from ids where k = 'max') and full_name ~* '^tom\s+nguyen$'),
    'under any spacing of his name too');
select is((select count(*) from med_api.custody_restrictions where student_id = (select id from ids where k = 'max')), 1::bigint,
    'the nurse sees the restriction');

-- a restricted guardian with a login sees nothing of the child, the other guardian still does
reset role;
update med.guardians set user_id = core.create_user((select tenant_id from med.guardians where id = (select id from ids where k = 'tom')),
    'tom.login@families.example', 'Tom Nguyen', 'med_guardian') where id = (select id from ids where k = 'tom');
select tests.act_as('tom.login@families.example');
select is((select count(*) from med_api.students where id = (select id from ids where k = 'max')), 0::bigint,
    'the restricted guardian no longer sees Max');
select ok(exists (select from med_api.students where first_name = 'Lily'), 'but still sees Lily, who is not restricted (control)');
select tests.act_as('guardian1@med.demo');
select ok(exists (select from med_api.students where id = (select id from ids where k = 'max')), 'the other guardian still sees Max');

-- who may see the restrictions and pickups
select tests.act_as('guardian1@med.demo');
select throws_ok($$select * from med_api.custody_restrictions$$, '42501', null, 'guardians may not read custody restrictions');
select tests.act_as('teacher.north@med.demo');
select throws_ok($$select * from med_api.authorized_pickups$$, '42501', null, 'teachers may not read pickup lists');
select tests.act_as('supervisor@med.demo');
select ok((select count(*) from med_api.custody_restrictions) >= 2, 'the supervisor sees the district''s restrictions');

-- the supervisor manages guardians, pickups and restrictions anywhere in the
-- district; a restriction may end today, and is in force through that day
select tests.act_as('supervisor@med.demo');
select lives_ok($$insert into ids select 'lee', med_api.add_guardian((select id from ids where k = 'zoe'), 'Lee Park', 'father', 'lee.park@example.org')$$,
    'the supervisor adds a guardian');
select lives_ok($$select med_api.add_authorized_pickup((select id from ids where k = 'zoe'), 'Lee Park', 'father', null, (select id from ids where k = 'lee'))$$,
    'and puts him on the pickup list');
select lives_ok($$select med_api.restrict_custody((select id from ids where k = 'zoe'), (select id from ids where k = 'lee'), 'court order 2026-51',
        (now() at time zone 'America/Los_Angeles')::date)$$,
    'the supervisor records a custody restriction ending today');
select throws_ok($$select med_api.add_authorized_pickup((select id from ids where k = 'zoe'), 'Lee Park', 'father')$$,
    'P0001', null, 'on its last day the restriction still keeps him off the pickup list');
select throws_ok($$select med_api.add_guardian((select id from ids where k = 'zoe'), 'Lee Park', 'father', 'lee.park@work.example')$$,
    'P0001', null, 'and from being linked to Zoe again under a new e-mail');
insert into ids select 'lee2', med_api.add_guardian((select id from ids where k = 'max'), 'Lee Park', 'uncle', 'lee.park@other.example');
select throws_ok($$select med_api.add_guardian((select id from ids where k = 'zoe'), 'Emergency contact', 'other', 'lee.park@other.example')$$,
    'P0001', null, 'nor is his other guardian row, found by its e-mail, linked to Zoe on the last day of the restriction');
-- a guardian adds a pickup for her own child
select tests.act_as('guardian1@med.demo');
select lives_ok($$select med_api.add_authorized_pickup((select id from med_api.students where first_name = 'Lily'), 'Hana Nguyen', 'grandmother', '+15555550177')$$,
    'a guardian adds a pickup for her own child');
select ok(exists (select from med_api.authorized_pickups where full_name = 'Hana Nguyen'), 'and sees it on the list');

select * from finish();
rollback;
