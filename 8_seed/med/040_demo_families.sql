-- The demo families, written through med_api as the demo users would:
-- guardian1's two children at North (Lily, grade 1, severe peanut allergy
-- and an epinephrine order, missing her second MMR and so conditionally
-- enrolled; Max, grade 3, asthma with a PRN inhaler, on teacher.north's
-- roster), a North family under a custody restriction, one South student
-- sent home, and the other district's student.
do $$
declare
    year_start int := pg_catalog.date_part('year', current_date - interval '7 months')::int;
    -- the school's first day (20 August), or yesterday between the school
    -- year's start (1 August) and it: the seed writes no date ahead of today
    school_start date := least(pg_catalog.make_date(year_start, 8, 20), current_date - 1);
    north uuid := (select schools.id from med.schools as schools where schools.name = 'North Elementary');
    south uuid := (select schools.id from med.schools as schools where schools.name = 'South Middle');
    other_school uuid := (select schools.id from med.schools as schools where schools.name = 'Other Elementary');
    lily uuid;
    max uuid;
    ava uuid;
    ethan uuid;
    oscar uuid;
    grace uuid;
    rick uuid;
    epinephrine uuid;
    albuterol uuid;
    dose record;
begin
    perform seed.as_med_user('nurse.north@med.demo');
    lily := med_api.enroll_student(north, 'Lily', 'Nguyen', pg_catalog.make_date(year_start - 7, 3, 14), 1);
    max := med_api.enroll_student(north, 'Max', 'Nguyen', pg_catalog.make_date(year_start - 9, 11, 2), 3);
    grace := med_api.add_guardian(lily, 'Grace Nguyen', 'mother', 'guardian1@med.demo', '+1 555 555 0101');
    perform med_api.add_guardian(max, 'Grace Nguyen', 'mother', 'guardian1@med.demo', '+1 555 555 0101');
    perform med_api.add_guardian(lily, 'Tom Nguyen', 'father', 'tom.nguyen@families.example', '+1 555 555 0102');
    perform med_api.add_guardian(max, 'Tom Nguyen', 'father', 'tom.nguyen@families.example', '+1 555 555 0102');
    update med.guardians as guardians
    set user_id = (select users.id from core.users as users where users.app = 'med' and users.email = 'guardian1@med.demo')
    where guardians.id = grace;
    perform med_api.add_authorized_pickup(lily, 'Grace Nguyen', 'mother', '+15555550101', grace);
    perform med_api.add_authorized_pickup(lily, 'Tom Nguyen', 'father', '+15555550102');
    perform med_api.add_authorized_pickup(lily, 'Hoa Tran', 'grandmother', '+15555550103');
    perform med_api.add_authorized_pickup(max, 'Grace Nguyen', 'mother', '+15555550101', grace);
    perform med_api.add_authorized_pickup(max, 'Tom Nguyen', 'father', '+15555550102');

    -- Lily: peanuts, anaphylaxis plan, epinephrine; immunizations without MMR 2
    perform med_api.record_allergy(lily, 'peanuts', 'anaphylaxis', 'severe');
    perform med_api.record_action_plan(lily, 'anaphylaxis', 'Epinephrine 0.3 mg auto-injector into the outer thigh at once; call 911; call the guardians.', pg_catalog.make_date(year_start + 1, 6, 30));
    perform med_api.set_emergency_instructions(lily, 'Severe peanut allergy: EpiPen in the health office and in her backpack. Give it, call 911, then the nurse.');
    epinephrine := med_api.add_medication_order(lily, 'EpiPen Jr (epinephrine auto-injector)', '0.15 mg', 'injection', true, 2, interval '15 minutes',
                                                school_start, pg_catalog.make_date(year_start + 1, 6, 30), true, 'Dr. Elena Alvarez');
    for dose in
        select * from (values ('HepB', interval '1 day'), ('HepB', interval '2 months'), ('HepB', interval '6 months'),
                              ('DTaP', interval '2 months'), ('DTaP', interval '4 months'), ('DTaP', interval '6 months'),
                              ('DTaP', interval '15 months'), ('DTaP', interval '4 years 2 months'),
                              ('Polio', interval '2 months'), ('Polio', interval '4 months'), ('Polio', interval '6 months'),
                              ('Polio', interval '4 years 2 months'), ('MMR', interval '12 months 5 days'),
                              ('Varicella', interval '12 months 5 days'), ('Varicella', interval '4 years 2 months')) as d (vaccine, age)
    loop
        perform med_api.record_immunization(lily, dose.vaccine, (pg_catalog.make_date(year_start - 7, 3, 14) + dose.age)::date);
    end loop;
    perform med_api.set_conditional_enrollment(lily, current_date + 30, 'second MMR dose booked with the family physician');

    -- Max: asthma, albuterol as needed, complete immunizations
    perform med_api.record_condition(max, 'asthma', 'exercise-induced; uses a spacer');
    perform med_api.record_action_plan(max, 'asthma', 'Two puffs of albuterol with spacer; repeat after 20 minutes if needed; call 911 if lips turn blue.', current_date + 25);
    perform med_api.record_allergy(max, 'penicillin', 'hives', 'moderate');
    albuterol := med_api.add_medication_order(max, 'Albuterol inhaler', '2 puffs', 'inhaled', true, 4, interval '4 hours',
                                              school_start, current_date + 40, true, 'Dr. Elena Alvarez');
    -- entered when the prescription came in, at the start of the school
    -- year (as the generated orders are): the dose below is a late entry,
    -- which may not reach back before its order was entered
    update med.medication_orders as orders
    set created_at = school_start::timestamptz
    where orders.id = albuterol;
    for dose in
        select * from (values ('HepB', interval '1 day'), ('HepB', interval '1 month'), ('HepB', interval '6 months'),
                              ('DTaP', interval '2 months'), ('DTaP', interval '4 months'), ('DTaP', interval '6 months'),
                              ('DTaP', interval '18 months'), ('DTaP', interval '4 years 1 month'),
                              ('Polio', interval '2 months'), ('Polio', interval '4 months'), ('Polio', interval '6 months'),
                              ('Polio', interval '4 years 1 month'), ('MMR', interval '12 months 2 days'), ('MMR', interval '4 years 1 month'),
                              ('Varicella', interval '12 months 2 days'), ('Varicella', interval '4 years 1 month')) as d (vaccine, age)
    loop
        perform med_api.record_immunization(max, dose.vaccine, (pg_catalog.make_date(year_start - 9, 11, 2) + dose.age)::date);
    end loop;
    perform med_api.record_visit(max, 'headache', 'rested_returned', 36.9, 'Rested 15 minutes and drank water; felt better.', true);
    perform med_api.record_visit(max, 'stomach ache', 'returned_to_class', null,
                                 'Mentioned trouble sleeping because of arguments at home; counselor informed.', false,
                                 null, 'rest', 84, true);
    perform med_api.record_screening(lily, 'vision', 'pass');

    -- the aide gives Max his inhaler this morning
    perform seed.as_med_user('aide.north@med.demo');
    perform med_api.administer_medication(albuterol, now() - interval '3 hours');
    perform med_api.record_visit(max, 'wheezing after recess', 'returned_to_class', null, 'Two puffs of albuterol; breathing eased.', true);

    -- guardian1 signs this year's medication consent for Lily
    perform seed.as_med_user('guardian1@med.demo');
    perform med_api.record_consent(lily, year_start, 'medication', true);
    perform med_api.record_consent(max, year_start, 'medication', true);

    -- a family under a custody restriction: Rick Stone may not see or pick up Ava
    perform seed.as_med_user('nurse.north@med.demo');
    ava := med_api.enroll_student(north, 'Ava', 'Stone', pg_catalog.make_date(year_start - 8, 6, 5), 2);
    perform med_api.add_guardian(ava, 'Dana Stone', 'mother', 'dana.stone@families.example', '+1 555 555 0201');
    rick := med_api.add_guardian(ava, 'Rick Stone', 'father', 'rick.stone@families.example', '+1 555 555 0202');
    perform med_api.add_authorized_pickup(ava, 'Dana Stone', 'mother', '+15555550201');
    perform seed.as_med_user('supervisor@med.demo');
    perform med_api.restrict_custody(ava, rick, 'court order of 2026-05-12: no contact');

    -- South: a student sent home to her father
    perform seed.as_med_user('nurse.south@med.demo');
    ethan := med_api.enroll_student(south, 'Ethan', 'Brooks', pg_catalog.make_date(year_start - 13, 1, 20), 7);
    perform med_api.add_guardian(ethan, 'Paul Brooks', 'father', 'paul.brooks@families.example', '+1 555 555 0301');
    perform med_api.add_authorized_pickup(ethan, 'Paul Brooks', 'father', '+15555550301');
    perform med_api.record_visit(ethan, 'fever', 'sent_home', 38.6, 'Fever 38.6; father called, picked up at 11:40.', true, 'Paul Brooks');

    -- the other district
    perform seed.as_med_user('nurse@other-med.demo');
    oscar := med_api.enroll_student(other_school, 'Oscar', 'Wells', pg_catalog.make_date(year_start - 8, 2, 1), 2);
    perform med_api.add_guardian(oscar, 'Olga Wells', 'mother', 'olga.wells@families.example', '+1 555 555 0401');
    perform med_api.record_allergy(oscar, 'latex', 'rash', 'mild');
    perform med_api.record_visit(oscar, 'nosebleed', 'returned_to_class', null, 'Pressure for 10 minutes.', true);

    perform seed.as_nobody();
end
$$;

-- teacher.north's grade 3 roster at North (Max included)
insert into med.rosters (teacher_id, student_id, tenant_id)
select users.id, students.id, students.tenant_id
from core.users as users
join med.students as students on students.tenant_id = users.tenant_id
join med.schools as schools on schools.id = students.school_id
where users.app = 'med'
  and users.email = 'teacher.north@med.demo'
  and schools.name = 'North Elementary'
  and students.grade = 3;
