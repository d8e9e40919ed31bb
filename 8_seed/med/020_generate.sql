-- seed.generate_med(scale): a realistic population, set-based (one
-- statement per table, not one API call per row), so that the demo seed
-- stays well under a second and benchmarks can ask for N times more.
create function seed.generate_med(scale int)
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
    per_scale constant int := 300;
    tenant uuid;
    north uuid;
    south uuid;
    north_nurse uuid;
    south_nurse uuid;
    north_aide uuid;
    supervisor uuid;
    run_tag text := pg_catalog.to_char(pg_catalog.clock_timestamp(), 'YYYYMMDDHH24MISSUS');
    year_start int := pg_catalog.date_part('year', current_date - interval '7 months')::int;
    -- the school's first day (20 August), or yesterday between the school
    -- year's start (1 August) and it: the seed writes no date ahead of today
    school_start date := least(pg_catalog.make_date(year_start, 8, 20), current_date - 1);
    last_names constant text[] := array['Garcia', 'Smith', 'Nguyen', 'Johnson', 'Kim', 'Martinez', 'Brown', 'Patel', 'Lopez', 'Davis',
                                        'Chen', 'Wilson', 'Hernandez', 'Okafor', 'Miller', 'Singh', 'Anderson', 'Rivera', 'Thompson', 'Ali'];
    adult_names constant text[] := array['Maria', 'James', 'Jennifer', 'Robert', 'Linda', 'Michael', 'Patricia', 'David', 'Elizabeth', 'Carlos',
                                         'Susan', 'Daniel', 'Jessica', 'Ahmed', 'Karen', 'Jose', 'Mei', 'Anil', 'Fatima', 'Kevin'];
    total int;
begin
    if generate_med.scale is null or generate_med.scale < 1 then
        raise exception 'scale must be at least 1, got %', generate_med.scale using errcode = '22023';
    end if;
    total := generate_med.scale * per_scale;

    select tenants.id into tenant from core.tenants as tenants where tenants.app = 'med' and tenants.name = 'Demo District';
    select schools.id into north from med.schools as schools where schools.tenant_id = tenant and schools.name = 'North Elementary';
    select schools.id into south from med.schools as schools where schools.tenant_id = tenant and schools.name = 'South Middle';
    select assignments.user_id into north_nurse
    from med.school_assignments as assignments join core.users as users on users.id = assignments.user_id
    where assignments.school_id = north and users.role = 'med_nurse' order by users.email limit 1;
    select assignments.user_id into south_nurse
    from med.school_assignments as assignments join core.users as users on users.id = assignments.user_id
    where assignments.school_id = south and users.role = 'med_nurse' order by users.email limit 1;
    select assignments.user_id into north_aide
    from med.school_assignments as assignments join core.users as users on users.id = assignments.user_id
    where assignments.school_id = north and users.role = 'med_aide' order by users.email limit 1;
    select users.id into supervisor from core.users as users
    where users.tenant_id = tenant and users.role = 'med_supervisor' order by users.email limit 1;
    if north_nurse is null or south_nurse is null or north_aide is null or supervisor is null then
        raise exception 'seed.generate_med needs Demo District with its nurses, aide and supervisor' using errcode = 'PT404';
    end if;

    -- students (seed.med_students: three in five at North, two in five at South)
    insert into med.students (id, tenant_id, school_id, first_name, last_name, birth_date, grade, enrolled_on, emergency_instructions)
    select s.id, tenant, s.school_id, s.first_name, s.last_name, s.birth_date, s.grade,
           least(school_start, pg_catalog.make_date(year_start - s.grade, 8, 20)),
           case when s.n % 8 = 0 then 'Severe peanut allergy: give epinephrine auto-injector, call 911, then the nurse.'
                when s.n % 7 = 0 then 'Asthma: rescue inhaler in the health office; call the nurse for wheezing.' end
    from seed.med_students(run_tag, total, north, south, north_nurse, south_nurse, year_start) as s;

    -- guardians: two for two students in three, one otherwise; the second
    -- of every 37th student is under a custody restriction
    insert into med.guardians (id, tenant_id, full_name, email, phone)
    select g.id, tenant, g.full_name,
           pg_catalog.format('guardian.%s.%s.%s@families.example', run_tag, g.n, g.k),
           '+1555' || pg_catalog.lpad(((g.n * 2 + g.k) % 10000000)::text, 7, '0')
    from seed.med_guardians(run_tag, total, north, south, north_nurse, south_nurse, year_start) as g;

    insert into med.student_guardians (student_id, guardian_id, tenant_id, relationship)
    select g.student_id, g.id, tenant, g.relationship from seed.med_guardians(run_tag, total, north, south, north_nurse, south_nurse, year_start) as g;

    insert into med.custody_restrictions (tenant_id, student_id, guardian_id, reason, starts_on, recorded_by)
    select tenant, g.student_id, g.id, 'court order: no contact', school_start, supervisor
    from seed.med_guardians(run_tag, total, north, south, north_nurse, south_nurse, year_start) as g
    where g.k = 2 and g.n % 37 = 0;

    insert into med.authorized_pickups (tenant_id, student_id, position, full_name, relationship, phone, guardian_id)
    select tenant, g.student_id, g.k, g.full_name, g.relationship,
           '+1555' || pg_catalog.lpad(((g.n * 2 + g.k) % 10000000)::text, 7, '0'), g.id
    from seed.med_guardians(run_tag, total, north, south, north_nurse, south_nurse, year_start) as g
    where not (g.k = 2 and g.n % 37 = 0)
    union all
    select tenant, s.id, 3, adult_names[1 + (s.n * 5) % pg_catalog.array_length(adult_names, 1)] || ' ' || s.last_name, 'grandparent',
           null, null
    from seed.med_students(run_tag, total, north, south, north_nurse, south_nurse, year_start) as s
    where s.n % 4 = 0;

    -- the health profile
    insert into med.allergies (tenant_id, student_id, allergen, reaction, severity, recorded_by)
    select tenant, s.id, 'peanuts', 'anaphylaxis', 'severe', s.nurse_id from seed.med_students(run_tag, total, north, south, north_nurse, south_nurse, year_start) as s where s.n % 8 = 0
    union all
    select tenant, s.id, 'penicillin', 'hives', 'moderate', s.nurse_id from seed.med_students(run_tag, total, north, south, north_nurse, south_nurse, year_start) as s where s.n % 12 = 0
    union all
    select tenant, s.id, 'bee stings', 'local swelling', 'mild', s.nurse_id from seed.med_students(run_tag, total, north, south, north_nurse, south_nurse, year_start) as s where s.n % 20 = 0;

    insert into med.conditions (tenant_id, student_id, name, notes, recorded_by)
    select tenant, s.id, 'asthma', 'exercise-induced', s.nurse_id from seed.med_students(run_tag, total, north, south, north_nurse, south_nurse, year_start) as s where s.n % 7 = 0
    union all
    select tenant, s.id, 'type 1 diabetes', 'insulin pump', s.nurse_id from seed.med_students(run_tag, total, north, south, north_nurse, south_nurse, year_start) as s where s.n % 45 = 0;

    insert into med.action_plans (tenant_id, student_id, kind, instructions, expires_on, recorded_by)
    select tenant, s.id, 'asthma', 'Two puffs of albuterol; repeat after 20 minutes; call 911 if no relief.',
           current_date + (s.n % 120) - 20, s.nurse_id
    from seed.med_students(run_tag, total, north, south, north_nurse, south_nurse, year_start) as s where s.n % 7 = 0
    union all
    select tenant, s.id, 'anaphylaxis', 'Epinephrine 0.3 mg into the outer thigh at once, call 911, then the guardians.',
           current_date + (s.n % 200) - 10, s.nurse_id
    from seed.med_students(run_tag, total, north, south, north_nurse, south_nurse, year_start) as s where s.n % 8 = 0;

    insert into med.consents (tenant_id, student_id, school_year, kind, is_granted, guardian_id, recorded_by, recorded_at)
    select tenant, s.id, year_start, kinds.kind, kinds.kind <> 'medication' or s.n % 50 <> 0, g.id, s.nurse_id,
           school_start::timestamptz
    from seed.med_students(run_tag, total, north, south, north_nurse, south_nurse, year_start) as s
    join seed.med_guardians(run_tag, total, north, south, north_nurse, south_nurse, year_start) as g on g.student_id = s.id and g.k = 1
    cross join (values ('emergency_treatment'), ('health_history_form'), ('medication')) as kinds (kind)
    where kinds.kind <> 'medication' or s.n % 8 = 0 or s.n % 10 = 0 or s.n % 25 = 0;

    -- immunizations on the usual schedule, with gaps and mistakes that a
    -- dose-by-dose validation catches: every 11th misses MMR 2, every 13th
    -- stops DTaP at a 4th dose given at 15 months, every 17th had Varicella
    -- 20 days after MMR (does not count), every 19th misses HepB 3, every
    -- 29th has no Varicella (medical exemption), every 31st no HepB
    -- (religious exemption)
    insert into med.immunizations (tenant_id, student_id, vaccine, given_on, recorded_by)
    select tenant, s.id, doses.vaccine, (s.birth_date + doses.age)::date, s.nurse_id
    from seed.med_students(run_tag, total, north, south, north_nurse, south_nurse, year_start) as s
    cross join (values
        ('HepB', 1, interval '1 day'), ('HepB', 2, interval '1 month'), ('HepB', 3, interval '6 months'),
        ('DTaP', 1, interval '2 months'), ('DTaP', 2, interval '4 months'), ('DTaP', 3, interval '6 months'),
        ('DTaP', 4, interval '15 months'), ('DTaP', 5, interval '4 years 1 month'),
        ('Polio', 1, interval '2 months'), ('Polio', 2, interval '4 months'), ('Polio', 3, interval '6 months'),
        ('Polio', 4, interval '4 years 1 month'),
        ('MMR', 1, interval '12 months 10 days'), ('MMR', 2, interval '4 years 1 month'),
        ('Varicella', 1, interval '12 months 10 days'), ('Varicella', 2, interval '4 years 1 month'),
        ('Tdap', 1, interval '11 years 2 months'), ('MenACWY', 1, interval '11 years 2 months')
    ) as doses (vaccine, dose, age)
    where (s.birth_date + doses.age)::date <= current_date
      and not (doses.vaccine = 'MMR' and doses.dose = 2 and s.n % 11 = 0)
      and not (doses.vaccine = 'DTaP' and doses.dose = 5 and s.n % 13 = 0)
      and not (doses.vaccine = 'HepB' and doses.dose = 3 and s.n % 19 = 0)
      and not (doses.vaccine = 'Varicella' and s.n % 29 = 0)
      and not (doses.vaccine = 'HepB' and s.n % 31 = 0)
      and not (doses.vaccine = 'Varicella' and doses.dose = 1 and s.n % 17 = 0)
    union all
    select tenant, s.id, 'Varicella', (s.birth_date + interval '12 months 30 days')::date, s.nurse_id
    from seed.med_students(run_tag, total, north, south, north_nurse, south_nurse, year_start) as s
    where s.n % 17 = 0 and s.n % 29 <> 0;

    insert into med.exemptions (tenant_id, student_id, vaccine, kind, granted_on, expires_on, reason, recorded_by)
    select tenant, s.id, 'Varicella', 'medical', school_start, pg_catalog.make_date(year_start + 1, 6, 30),
           'immunocompromised (physician statement on file)', s.nurse_id
    from seed.med_students(run_tag, total, north, south, north_nurse, south_nurse, year_start) as s where s.n % 29 = 0
    union all
    select tenant, s.id, 'HepB', 'religious', school_start, null, 'religious exemption form on file', s.nurse_id
    from seed.med_students(run_tag, total, north, south, north_nurse, south_nurse, year_start) as s where s.n % 31 = 0;

    -- conditional enrollment for some of those missing doses (every fourth
    -- of them with a deadline already passed)
    insert into med.conditional_enrollments (tenant_id, student_id, deadline, note, recorded_by)
    select tenant, s.id,
           case when s.n % 4 = 0 then greatest(current_date - 10, school_start) else current_date + 20 + s.n % 40 end,
           'catching up with the family physician', s.nurse_id
    from seed.med_students(run_tag, total, north, south, north_nurse, south_nurse, year_start) as s
    where (s.n % 11 = 0 or s.n % 19 = 0) and s.n % 2 = 0;

    -- medication orders: PRN ibuprofen, methylphenidate (controlled),
    -- epinephrine for the peanut allergies
    insert into med.medication_orders (id, tenant_id, student_id, medication, dose, route, prescriber, is_prn, max_daily_doses,
                                       min_interval, starts_on, ends_on, guardian_consent, is_controlled, is_epinephrine,
                                       created_by, created_at)
    select o.id, tenant, o.student_id, o.medication, o.dose, o.route,
           'Dr. ' || last_names[1 + o.n % pg_catalog.array_length(last_names, 1)], o.is_prn, o.max_daily, o.min_interval,
           school_start, current_date + 10 + o.n % 200, o.n % 50 <> 0, o.is_controlled, o.is_epinephrine,
           o.nurse_id, school_start::timestamptz
    from seed.med_orders(run_tag, total, north, south, north_nurse, south_nurse, year_start) as o;

    -- controlled: 60 units counted in by the nurse and witnessed by the
    -- supervisor five minutes later (history: witness_count would stamp
    -- now), then a dose on each of the last 10 weekdays
    insert into med.controlled_counts (tenant_id, order_id, kind, quantity, counted_by, witnessed_by, counted_at, witnessed_at)
    select tenant, o.id, 'count_in', 60, o.nurse_id, supervisor,
           greatest(now() - interval '20 days', school_start::timestamptz), greatest(now() - interval '20 days', school_start::timestamptz) + interval '5 minutes'
    from seed.med_orders(run_tag, total, north, south, north_nurse, south_nurse, year_start) as o where o.is_controlled;

    insert into med.medication_doses (tenant_id, order_id, student_id, school_id, given_at, local_date, given_by)
    select tenant, o.id, o.student_id, o.school_id, (days.day + time '12:00') at time zone 'America/Los_Angeles', days.day, o.nurse_id
    from seed.med_orders(run_tag, total, north, south, north_nurse, south_nurse, year_start) as o
    cross join lateral (
        select d::date as day
        from pg_catalog.generate_series(greatest(current_date - 14, school_start), current_date - 1, interval '1 day') as d
        where pg_catalog.date_part('isodow', d) < 6
    ) as days
    where o.is_controlled
    union all
    select tenant, o.id, o.student_id, o.school_id, (days.day + time '10:30') at time zone 'America/Los_Angeles', days.day,
           case when o.school_id = north then north_aide else o.nurse_id end
    from seed.med_orders(run_tag, total, north, south, north_nurse, south_nurse, year_start) as o
    cross join lateral (
        select d::date as day
        from pg_catalog.generate_series(greatest(current_date - 6, school_start), current_date - 1, interval '1 day') as d
        where pg_catalog.date_part('isodow', d) < 6
          and (o.n + pg_catalog.date_part('day', d)::int) % 3 = 0
    ) as days
    where o.medication = 'Ibuprofen' and o.n % 50 <> 0;

    -- visits over the last 90 days, one in three students
    insert into med.visits (tenant_id, student_id, school_id, visited_at, complaint, temperature, intervention, disposition,
                            notes, is_confidential, shared_with_guardian, picked_up_by, pickup_id, recorded_by)
    select tenant, s.id, s.school_id,
           now() - pg_catalog.make_interval(days => 1 + s.n % 90, hours => s.n % 5),
           complaints.complaint,
           case when complaints.complaint = 'fever' then 38.4 else 36.8 end,
           complaints.intervention,
           disposition.value,
           complaints.note,
           s.n % 19 = 0,
           s.n % 19 <> 0 and s.n % 2 = 0,
           case when disposition.value = 'sent_home' then pickup.full_name end,
           case when disposition.value = 'sent_home' then pickup.id end,
           case when s.school_id = north and s.n % 2 = 0 then north_aide else s.nurse_id end
    from seed.med_students(run_tag, total, north, south, north_nurse, south_nurse, year_start) as s
    cross join lateral (
        select (array['headache', 'stomach ache', 'fever', 'scraped knee', 'nausea', 'sore throat'])[1 + s.n % 6] as complaint,
               (array['rest and water', 'rest', 'temperature taken, guardian called', 'cleaned and bandaged', 'rest', 'throat lozenge'])[1 + s.n % 6] as intervention,
               (array['rested 15 minutes', 'rested 20 minutes', 'fever above 38, sent home per policy', 'no further care', 'felt better after rest', 'no fever'])[1 + s.n % 6] as note
    ) as complaints
    cross join lateral (
        select case when complaints.complaint = 'fever' then 'sent_home'
                    when s.n % 41 = 0 then 'referred'
                    when s.n % 2 = 0 then 'rested_returned'
                    else 'returned_to_class' end as value
    ) as disposition
    left join lateral (
        select pickups.id, pickups.full_name from med.authorized_pickups as pickups
        where pickups.student_id = s.id order by pickups.position limit 1
    ) as pickup on true
    where s.n % 3 = 0
      -- none before the student's enrollment (a kindergartner's is this year's)
      and now() - pg_catalog.make_interval(days => 1 + s.n % 90, hours => s.n % 5)
          >= least(school_start, pg_catalog.make_date(year_start - s.grade, 8, 20));

    -- vision and hearing screenings of the screened grades
    insert into med.screenings (tenant_id, student_id, kind, screened_on, result, notes, screened_by)
    select tenant, s.id, kinds.kind, current_date - 20 - s.n % 30,
           case when s.n % 12 = 5 then 'refer' else 'pass' end,
           case when s.n % 12 = 5 then 'failed the 20/40 line with either eye' end,
           s.nurse_id
    from seed.med_students(run_tag, total, north, south, north_nurse, south_nurse, year_start) as s
    cross join (values ('vision'), ('hearing')) as kinds (kind)
    where s.grade in (0, 2, 4, 6, 8)
      and current_date - 20 - s.n % 30 >= least(school_start, pg_catalog.make_date(year_start - s.grade, 8, 20));

    return total;
end
$$;
comment on function seed.generate_med(int) is 'Dev and benchmark data: scale x 300 students of Demo District (three in five at North Elementary, two in five at South Middle), written set-based: guardians with e-mail and phone, authorized pickups, a few custody restrictions, allergies, conditions, action plans, consents, immunization histories with realistic gaps and invalid doses, exemptions, conditional enrollments, medication orders (PRN, controlled, epinephrine) and doses, office visits and screenings. Returns the number of students. Needs the demo staff of 010.';
