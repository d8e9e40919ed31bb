-- The generated population of seed.generate_med, as pure functions of a run
-- tag and a count: every statement of the generator recomputes the same rows
-- (ids are md5 of tag and number), so it needs no temporary table.
create function seed.med_students(tag text, total int, north uuid, south uuid, north_nurse uuid, south_nurse uuid, year_start int)
returns table (id uuid, n int, school_id uuid, nurse_id uuid, grade int, first_name text, last_name text, birth_date date)
language sql
immutable
set search_path = ''
as $$
    -- three in five at North (K-5), two in five at South (6-8); born so
    -- that they are grade + 5 on 1 September of this school year
    select pg_catalog.md5('med-student:' || med_students.tag || ':' || numbered.n)::uuid,
           numbered.n,
           case when numbered.n % 5 < 3 then med_students.north else med_students.south end,
           case when numbered.n % 5 < 3 then med_students.north_nurse else med_students.south_nurse end,
           numbered.grade,
           (array['Emma', 'Liam', 'Olivia', 'Noah', 'Ava', 'Elijah', 'Sophia', 'Mateo', 'Isabella', 'Lucas',
                  'Mia', 'Levi', 'Amelia', 'Ezra', 'Harper', 'Leo', 'Evelyn', 'Kai', 'Aria', 'Jayden',
                  'Chloe', 'Diego', 'Layla', 'Omar', 'Zoe', 'Hiro', 'Nia', 'Ravi', 'Sofia', 'Wei'])[1 + (numbered.n * 7) % 30],
           (array['Garcia', 'Smith', 'Nguyen', 'Johnson', 'Kim', 'Martinez', 'Brown', 'Patel', 'Lopez', 'Davis',
                  'Chen', 'Wilson', 'Hernandez', 'Okafor', 'Miller', 'Singh', 'Anderson', 'Rivera', 'Thompson', 'Ali'])[1 + (numbered.n * 13 / 3) % 20],
           pg_catalog.make_date(med_students.year_start - numbered.grade - 6, 9, 2) + ((numbered.n * 37) % 364)
    from (
        select g as n,
               case when g % 5 < 3 then (g / 5) % 6 else 6 + (g / 5) % 3 end as grade
        from pg_catalog.generate_series(1, med_students.total) as g
    ) as numbered
$$;
comment on function seed.med_students(text, int, uuid, uuid, uuid, uuid, int) is 'Dev seed only: the students seed.generate_med makes for a run tag, recomputable row for row.';

create function seed.med_guardians(tag text, total int, north uuid, south uuid, north_nurse uuid, south_nurse uuid, year_start int)
returns table (id uuid, student_id uuid, n int, k int, full_name text, relationship text)
language sql
immutable
set search_path = ''
as $$
    -- two guardians for two students in three, one otherwise
    select pg_catalog.md5('med-guardian:' || med_guardians.tag || ':' || s.n || ':' || k)::uuid,
           s.id, s.n, k,
           (array['Maria', 'James', 'Jennifer', 'Robert', 'Linda', 'Michael', 'Patricia', 'David', 'Elizabeth', 'Carlos',
                  'Susan', 'Daniel', 'Jessica', 'Ahmed', 'Karen', 'Jose', 'Mei', 'Anil', 'Fatima', 'Kevin'])[1 + (s.n * 3 + k * 11) % 20]
               || ' ' || s.last_name,
           case k when 1 then 'mother' else 'father' end
    from seed.med_students(med_guardians.tag, med_guardians.total, med_guardians.north, med_guardians.south,
                           med_guardians.north_nurse, med_guardians.south_nurse, med_guardians.year_start) as s
    cross join pg_catalog.generate_series(1, 2) as k
    where k = 1 or s.n % 3 <> 0
$$;
comment on function seed.med_guardians(text, int, uuid, uuid, uuid, uuid, int) is 'Dev seed only: the guardians seed.generate_med makes for a run tag, recomputable row for row.';

create function seed.med_orders(tag text, total int, north uuid, south uuid, north_nurse uuid, south_nurse uuid, year_start int)
returns table (id uuid, student_id uuid, school_id uuid, nurse_id uuid, n int, medication text, dose text, route text,
               is_prn boolean, max_daily int, min_interval interval, is_controlled boolean, is_epinephrine boolean)
language sql
immutable
set search_path = ''
as $$
    -- PRN ibuprofen, methylphenidate (controlled), epinephrine for the peanut allergies
    select pg_catalog.md5('med-order:' || med_orders.tag || ':' || s.n || ':' || o.medication)::uuid,
           s.id, s.school_id, s.nurse_id, s.n, o.medication, o.dose, o.route, o.is_prn, o.max_daily, o.min_interval,
           o.is_controlled, o.is_epinephrine
    from seed.med_students(med_orders.tag, med_orders.total, med_orders.north, med_orders.south,
                           med_orders.north_nurse, med_orders.south_nurse, med_orders.year_start) as s
    join (values
        (10, 'Ibuprofen', '200 mg', 'oral', true, 2, interval '4 hours', false, false),
        (25, 'Methylphenidate', '10 mg', 'oral', false, 1, null::interval, true, false),
        (8, 'Epinephrine auto-injector', '0.3 mg', 'injection', true, 2, interval '15 minutes', false, true)
    ) as o (every, medication, dose, route, is_prn, max_daily, min_interval, is_controlled, is_epinephrine)
      on s.n % o.every = 0
$$;
comment on function seed.med_orders(text, int, uuid, uuid, uuid, uuid, int) is 'Dev seed only: the medication orders seed.generate_med makes for a run tag, recomputable row for row.';
