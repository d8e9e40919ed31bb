-- The tables' check constraints at their boundaries, written to the tables
-- themselves: the table is the last word on a rule whatever writes to it
-- (an API function, a migration, an operator in psql), and the API
-- functions refuse most of these values (22023) before they reach it.
-- Each strict comparison is refused at its boundary value (23514, with the
-- message naming the constraint, so that no other constraint can be the one
-- refusing), each non-strict one accepted there; beside it, where a seeded
-- row allows it, the first value on the other side, so that the boundary is
-- exactly where the constraint says.
-- Run as the test superuser, on seeded rows otherwise valid. Direct writes
-- would fire the tables' triggers (audit, append-only, business rules):
-- session_replication_role = replica turns off ordinary and foreign-key
-- triggers for this transaction, NOT check constraints.
begin;
select plan(56);

set local session_replication_role = replica;

create temp table ids (k text primary key, id uuid);
insert into ids select 'lily', id from med.students where first_name = 'Lily' and last_name = 'Nguyen';
insert into ids select 'albuterol', o.id
from med.medication_orders as o join med.students as s on s.id = o.student_id
where s.first_name = 'Max' and s.last_name = 'Nguyen' and o.medication = 'Albuterol inhaler';
insert into ids select 'count_in', id from med.controlled_counts
where kind = 'count_in' and witnessed_at is not null order by counted_at, id limit 1;
insert into ids select 'dtap', id from med.vaccine_requirements where vaccine = 'DTaP' and tenant_id is null;
insert into ids select 'mmr', id from med.vaccine_requirements where vaccine = 'MMR' and tenant_id is null;
insert into ids select 'dtap_1', id from med.vaccine_dose_rules where vaccine = 'DTaP' and dose_number = 1 and tenant_id is null;
insert into ids select 'dtap_2', id from med.vaccine_dose_rules where vaccine = 'DTaP' and dose_number = 2 and tenant_id is null;
insert into ids select 'medical', id from med.exemptions where kind = 'medical' order by id limit 1;
insert into ids select 'hoa', p.id
from med.authorized_pickups as p join med.students as s on s.id = p.student_id
where s.first_name = 'Lily' and s.last_name = 'Nguyen' and p.full_name = 'Hoa Tran';

insert into ids select 'restriction', id from med.custody_restrictions order by id limit 1;
insert into ids select 'grace', id from med.guardians where email = 'guardian1@med.demo';

select is((select count(*) from ids where id is not null), 11::bigint, 'every seeded row the cases write to is there');

-- med.students: birth_date > 1990-01-01
select throws_ok($$update med.students set birth_date = date '1990-01-01' where id = (select id from ids where k = 'lily')$$,
    '23514', 'new row for relation "students" violates check constraint "students_birth_date_is_plausible"',
    'a birth date on 1990-01-01 itself is refused: plausible means after it');
select lives_ok($$update med.students set birth_date = date '1990-01-02' where id = (select id from ids where k = 'lily')$$,
    'a birth date on 1990-01-02 is accepted by the table');

-- med.medication_orders: max_daily_doses > 0, min_interval > interval '0'
select throws_ok($$update med.medication_orders set max_daily_doses = 0 where id = (select id from ids where k = 'albuterol')$$,
    '23514', 'new row for relation "medication_orders" violates check constraint "medication_orders_max_daily_doses_is_positive"',
    'a daily maximum of 0 doses is refused');
select lives_ok($$update med.medication_orders set max_daily_doses = 1 where id = (select id from ids where k = 'albuterol')$$,
    'a daily maximum of 1 dose is accepted');
select throws_ok($$update med.medication_orders set min_interval = interval '0' where id = (select id from ids where k = 'albuterol')$$,
    '23514', 'new row for relation "medication_orders" violates check constraint "medication_orders_min_interval_is_positive"',
    'a minimum interval of 0 between doses is refused');
select lives_ok($$update med.medication_orders set min_interval = interval '1 microsecond' where id = (select id from ids where k = 'albuterol')$$,
    'a minimum interval of 1 microsecond is accepted by the table (the API asks 5 minutes at least)');

-- med.medication_orders: min_interval an exact duration (no year, month or day field)
select throws_ok($$update med.medication_orders set min_interval = interval '1 day' where id = (select id from ids where k = 'albuterol')$$,
    '23514', 'new row for relation "medication_orders" violates check constraint "medication_orders_min_interval_is_exact"',
    'a minimum interval of a calendar day is refused by the table (23 or 25 hours across a DST change)');
select throws_ok($$update med.medication_orders set min_interval = interval '1 mon -29 days' where id = (select id from ids where k = 'albuterol')$$,
    '23514', 'new row for relation "medication_orders" violates check constraint "medication_orders_min_interval_is_exact"',
    'one counted in months is refused');
select throws_ok($$update med.medication_orders set min_interval = interval '1 year -8639 hours' where id = (select id from ids where k = 'albuterol')$$,
    '23514', 'new row for relation "medication_orders" violates check constraint "medication_orders_min_interval_is_exact"',
    'one counted in years is refused (a year less 8639 hours: an hour, as compared)');
select lives_ok($$update med.medication_orders set min_interval = interval '168 hours' where id = (select id from ids where k = 'albuterol')$$,
    'the same durations in hours are accepted (7 days as 168 hours)');

-- med.controlled_counts: kind <> 'count_in' or quantity > 0;
-- witnessed_at >= counted_at
select throws_ok($$update med.controlled_counts set quantity = 0 where id = (select id from ids where k = 'count_in')$$,
    '23514', 'new row for relation "controlled_counts" violates check constraint "controlled_counts_count_in_is_positive"',
    'a count-in of 0 units is refused');
select lives_ok($$update med.controlled_counts set quantity = 1 where id = (select id from ids where k = 'count_in')$$,
    'a count-in of 1 unit is accepted');
select lives_ok($$update med.controlled_counts set witnessed_at = counted_at where id = (select id from ids where k = 'count_in')$$,
    'a count witnessed at the very instant it was counted is accepted');
select is((select witnessed_at = counted_at from med.controlled_counts where id = (select id from ids where k = 'count_in')),
    true, 'and it reads back witnessed at its count''s instant');
select throws_ok($$update med.controlled_counts set witnessed_at = counted_at - interval '1 microsecond' where id = (select id from ids where k = 'count_in')$$,
    '23514', 'new row for relation "controlled_counts" violates check constraint "controlled_counts_witnessed_after_count"',
    'a count witnessed 1 microsecond before it was counted is refused');
-- refused_at >= counted_at, never with witnessed_at, always with a reason
select lives_ok($$update med.controlled_counts set witnessed_at = null, refused_at = counted_at, refusal_reason = 'not shown'
                  where id = (select id from ids where k = 'count_in')$$,
    'a count refused at the very instant it was counted is accepted');
select throws_ok($$update med.controlled_counts set refused_at = counted_at - interval '1 microsecond' where id = (select id from ids where k = 'count_in')$$,
    '23514', 'new row for relation "controlled_counts" violates check constraint "controlled_counts_refused_after_count"',
    'a count refused 1 microsecond before it was counted is refused');
select throws_ok($$update med.controlled_counts set witnessed_at = counted_at where id = (select id from ids where k = 'count_in')$$,
    '23514', 'new row for relation "controlled_counts" violates check constraint "controlled_counts_witnessed_or_refused"',
    'a count both refused and witnessed is refused');
select throws_ok($$update med.controlled_counts set refusal_reason = E'\t' || U&'\00A0' where id = (select id from ids where k = 'count_in')$$,
    '23514', 'new row for relation "controlled_counts" violates check constraint "controlled_counts_refusal_reason_not_blank"',
    'a refusal reason of tabs and no-break spaces is refused');
select throws_ok($$update med.controlled_counts set refusal_reason = null where id = (select id from ids where k = 'count_in')$$,
    '23514', 'new row for relation "controlled_counts" violates check constraint "controlled_counts_refusal_has_reason"',
    'a refusal without a reason is refused');

-- med.vaccine_requirements: required_doses > 0;
-- reduced_doses < required_doses and reduced_doses > 0;
-- effective_to > effective_from
select throws_ok($$update med.vaccine_requirements set required_doses = 0 where id = (select id from ids where k = 'mmr')$$,
    '23514', 'new row for relation "vaccine_requirements" violates check constraint "vaccine_requirements_doses_are_positive"',
    'a requirement of 0 doses is refused');
select lives_ok($$update med.vaccine_requirements set required_doses = 1 where id = (select id from ids where k = 'mmr')$$,
    'a requirement of 1 dose is accepted');
select throws_ok($$update med.vaccine_requirements set reduced_doses = required_doses where id = (select id from ids where k = 'dtap')$$,
    '23514', 'new row for relation "vaccine_requirements" violates check constraint "vaccine_requirements_reduced_is_fewer"',
    'a reduced series as long as the full one (5 of 5 DTaP doses) is refused: reduced means fewer');
select lives_ok($$update med.vaccine_requirements set required_doses = 4, reduced_doses = 3 where id = (select id from ids where k = 'dtap')$$,
    'a reduced series one dose shorter than the full one is accepted');
select throws_ok($$update med.vaccine_requirements set reduced_doses = 0 where id = (select id from ids where k = 'dtap')$$,
    '23514', 'new row for relation "vaccine_requirements" violates check constraint "vaccine_requirements_reduced_is_fewer"',
    'a reduced series of 0 doses is refused');
select lives_ok($$update med.vaccine_requirements set reduced_doses = 1 where id = (select id from ids where k = 'dtap')$$,
    'a reduced series of 1 dose is accepted');
select throws_ok($$update med.vaccine_requirements set effective_to = effective_from where id = (select id from ids where k = 'mmr')$$,
    '23514', 'new row for relation "vaccine_requirements" violates check constraint "vaccine_requirements_dates_in_order"',
    'a requirement ending the day it takes effect (an empty period: effective_to is exclusive) is refused');
select lives_ok($$update med.vaccine_requirements set effective_to = effective_from + 1 where id = (select id from ids where k = 'mmr')$$,
    'a requirement in force for one day is accepted');

-- med.vaccine_dose_rules: dose_number > 0;
-- dose_number > 1 or min_interval_from_first is null;
-- effective_to > effective_from
select throws_ok($$update med.vaccine_dose_rules set dose_number = 0 where id = (select id from ids where k = 'dtap_2')$$,
    '23514', 'new row for relation "vaccine_dose_rules" violates check constraint "vaccine_dose_rules_dose_number_is_positive"',
    'a rule for dose number 0 is refused (the seeded dose 1 rules hold number 1)');
select throws_ok($$update med.vaccine_dose_rules set min_interval_from_first = interval '16 weeks' where id = (select id from ids where k = 'dtap_1')$$,
    '23514', 'new row for relation "vaccine_dose_rules" violates check constraint "vaccine_dose_rules_first_has_no_interval_from_first"',
    'the first dose has no interval from the first dose');
select lives_ok($$update med.vaccine_dose_rules set min_interval_from_first = interval '16 weeks' where id = (select id from ids where k = 'dtap_2')$$,
    'the second dose may have an interval from the first dose');
select throws_ok($$update med.vaccine_dose_rules set effective_to = effective_from where id = (select id from ids where k = 'dtap_1')$$,
    '23514', 'new row for relation "vaccine_dose_rules" violates check constraint "vaccine_dose_rules_dates_in_order"',
    'a dose rule ending the day it takes effect (an empty period: effective_to is exclusive) is refused');
select lives_ok($$update med.vaccine_dose_rules set effective_to = effective_from + 1 where id = (select id from ids where k = 'dtap_1')$$,
    'a dose rule in force for one day is accepted');

-- med.exemptions: expires_on > granted_on
select throws_ok($$update med.exemptions set expires_on = granted_on where id = (select id from ids where k = 'medical')$$,
    '23514', 'new row for relation "exemptions" violates check constraint "exemptions_dates_in_order"',
    'an exemption expiring the day it is granted (an empty period: expires_on is exclusive) is refused');
select lives_ok($$update med.exemptions set expires_on = granted_on + 1 where id = (select id from ids where k = 'medical')$$,
    'an exemption expiring the day after it is granted is accepted');

-- med.authorized_pickups: position > 0
select throws_ok($$update med.authorized_pickups set position = 0 where id = (select id from ids where k = 'hoa')$$,
    '23514', 'new row for relation "authorized_pickups" violates check constraint "authorized_pickups_position_is_positive"',
    'a pickup at position 0 is refused: the list starts at 1 (the seeded first pickups hold it)');

-- the *_not_blank checks: a character that is not white space (the ASCII
-- white space and the Unicode spaces), not only one that is not a space
select throws_ok($$update med.custody_restrictions set reason = E'\u00a0\t' where id = (select id from ids where k = 'restriction')$$,
    '23514', 'new row for relation "custody_restrictions" violates check constraint "custody_restrictions_reason_not_blank"',
    'a custody reason of a no-break space and a tab is refused by the table');
select throws_ok($$insert into med.health_record_reads (tenant_id, student_id, read_by, reason)
                   select s.tenant_id, s.id, (select id from core.users where email = 'nurse.north@med.demo'), E'\u200b\u3000'
                   from med.students as s where s.id = (select id from ids where k = 'lily')$$,
    '23514', 'new row for relation "health_record_reads" violates check constraint "health_record_reads_reason_not_blank"',
    'a health-record read''s reason of a zero-width and an ideographic space is refused by the table');
select lives_ok($$update med.custody_restrictions set reason = E'\u00a0court order\t' where id = (select id from ids where k = 'restriction')$$,
    'a reason with text in it is accepted (control)');
-- and what core.has_text counts as none beyond white space: the invisible
-- characters (a soft hyphen, a zero-width space, a word joiner) and those
-- drawn as nothing (the blank Braille pattern, the musical null notehead)
select throws_ok($$update med.students set first_name = U&'\00AD' where id = (select id from ids where k = 'lily')$$,
    '23514', 'new row for relation "students" violates check constraint "students_first_name_not_blank"',
    'a first name of a soft hyphen is refused by the table');
select throws_ok($$update med.guardians set full_name = U&'\2800' where id = (select id from ids where k = 'grace')$$,
    '23514', 'new row for relation "guardians" violates check constraint "guardians_full_name_not_blank"',
    'a guardian''s name of a blank Braille pattern is refused by the table');
select throws_ok($$update med.custody_restrictions set reason = U&'\200B' where id = (select id from ids where k = 'restriction')$$,
    '23514', 'new row for relation "custody_restrictions" violates check constraint "custody_restrictions_reason_not_blank"',
    'a custody reason of a zero-width space is refused by the table');
select throws_ok($$update med.medication_orders set dose = U&'\2060\200C\+01D159' where id = (select id from ids where k = 'albuterol')$$,
    '23514', 'new row for relation "medication_orders" violates check constraint "medication_orders_dose_not_blank"',
    'a dose of a word joiner, a zero-width non-joiner and a musical null notehead is refused by the table');
select throws_ok($$update med.authorized_pickups set full_name = U&'\00AD\00A0\+0E0020' where id = (select id from ids where k = 'hoa')$$,
    '23514', 'new row for relation "authorized_pickups" violates check constraint "authorized_pickups_full_name_not_blank"',
    'a pickup''s name of a soft hyphen, a no-break space and a tag space is refused by the table');
select lives_ok($$update med.students set first_name = U&'Li\00ADly' where id = (select id from ids where k = 'lily')$$,
    'a first name that shows, a soft hyphen inside it, is accepted (control)');

-- med.authorized_pickups and med.allergies: one name, one allergen per
-- student whatever the case of its letters, not A-Z only (the ICU root
-- collation folds them, as med_private.name_folded does)
select lives_ok($$insert into med.authorized_pickups (tenant_id, student_id, position, full_name, relationship)
                  select s.tenant_id, s.id, 90, 'Jürgen Müller', 'uncle' from med.students as s where s.id = (select id from ids where k = 'lily')$$,
    'a pickup named Jürgen Müller is listed (control)');
select throws_ok($$insert into med.authorized_pickups (tenant_id, student_id, position, full_name, relationship)
                   select s.tenant_id, s.id, 91, 'JÜRGEN MÜLLER', 'uncle' from med.students as s where s.id = (select id from ids where k = 'lily')$$,
    '23505', 'duplicate key value violates unique constraint "authorized_pickups_student_id_name_key"',
    'the same pickup again as JÜRGEN MÜLLER is a duplicate');
select lives_ok($$insert into med.authorized_pickups (tenant_id, student_id, position, full_name, relationship)
                  select s.tenant_id, s.id, 92, 'Jurgen Muller', 'uncle' from med.students as s where s.id = (select id from ids where k = 'lily')$$,
    'Jurgen Muller, without the accents, is another name (control)');
select lives_ok($$insert into med.allergies (tenant_id, student_id, allergen, severity)
                  select s.tenant_id, s.id, 'Crème brûlée', 'mild' from med.students as s where s.id = (select id from ids where k = 'lily')$$,
    'an allergy to crème brûlée is recorded (control)');
select throws_ok($$insert into med.allergies (tenant_id, student_id, allergen, severity)
                   select s.tenant_id, s.id, 'CRÈME BRÛLÉE', 'severe' from med.students as s where s.id = (select id from ids where k = 'lily')$$,
    '23505', 'duplicate key value violates unique constraint "allergies_student_id_allergen_key"',
    'the same allergen again as CRÈME BRÛLÉE is a duplicate');

-- med.guardians: the e-mail check holds core.is_email's expression
select throws_ok($$update med.guardians set email = E'guardian1@med\u00a0.demo' where id = (select id from ids where k = 'grace')$$,
    '23514', 'new row for relation "guardians" violates check constraint "guardians_email_is_plausible"',
    'an e-mail holding a no-break space is refused by the table');
select lives_ok($$update med.guardians set email = 'grace.nguyen@families.example' where id = (select id from ids where k = 'grace')$$,
    'a plain e-mail is accepted (control)');

-- vaccine_dose_rules: one rule per vaccine, dose and start date for the
-- state (null tenant) and for each district alike
insert into med.vaccine_dose_rules (tenant_id, vaccine, dose_number, min_age, effective_from)
select id, 'MMR', 1, interval '2 years', date '2031-01-01' from core.tenants where name = 'Demo District';
select throws_ok($$insert into med.vaccine_dose_rules (tenant_id, vaccine, dose_number, min_age, effective_from)
                   select id, 'MMR', 1, interval '3 years', date '2031-01-01' from core.tenants where name = 'Demo District'$$,
    '23505', null, 'a second rule of a district for the same vaccine, dose and start date is a duplicate');
select lives_ok($$insert into med.vaccine_dose_rules (tenant_id, vaccine, dose_number, min_age, effective_from)
                  select id, 'MMR', 1, interval '3 years', date '2031-01-01' from core.tenants where name = 'Other District'$$,
    'the same rule of another district is its own (control)');
select throws_ok($$insert into med.vaccine_dose_rules (vaccine, dose_number, min_age, effective_from)
                   select vaccine, dose_number, min_age, effective_from from med.vaccine_dose_rules
                   where tenant_id is null and vaccine = 'MMR' and dose_number = 1 limit 1$$,
    '23505', null, 'and a second state rule is a duplicate too');

select * from finish();
rollback;
