-- The two districts, their schools, the demo users (every password: demo,
-- hashed once) and their assignments.
do $$
declare
    demo uuid;
    other uuid;
    demo_district uuid;
    other_district uuid;
    north uuid;
    south uuid;
    other_school uuid;
    demo_hash text := seed.demo_password_hash();
    user_id uuid;
begin
    insert into core.tenants (app, name) values ('med', 'Demo District') returning id into demo;
    insert into core.tenants (app, name) values ('med', 'Other District') returning id into other;

    insert into med.districts (tenant_id, name, time_zone) values (demo, 'Demo District', 'America/Los_Angeles') returning id into demo_district;
    insert into med.districts (tenant_id, name, time_zone) values (other, 'Other District', 'America/New_York') returning id into other_district;

    insert into med.schools (tenant_id, district_id, name, time_zone, lowest_grade, highest_grade)
    values (demo, demo_district, 'North Elementary', 'America/Los_Angeles', 0, 5) returning id into north;
    insert into med.schools (tenant_id, district_id, name, time_zone, lowest_grade, highest_grade)
    values (demo, demo_district, 'South Middle', 'America/Los_Angeles', 6, 8) returning id into south;
    insert into med.schools (tenant_id, district_id, name, time_zone, lowest_grade, highest_grade)
    values (other, other_district, 'Other Elementary', 'America/New_York', 0, 5) returning id into other_school;

    user_id := seed.med_user(demo, 'supervisor@med.demo', 'Sandra Ortiz', 'med_supervisor', demo_hash);
    insert into med.staff (user_id, tenant_id, district_id, title) values (user_id, demo, demo_district, 'Director of Health Services');
    user_id := seed.med_user(demo, 'nurse.north@med.demo', 'Nora Patel', 'med_nurse', demo_hash);
    insert into med.staff (user_id, tenant_id, district_id, title) values (user_id, demo, demo_district, 'School nurse (RN)');
    insert into med.school_assignments (user_id, school_id, tenant_id) values (user_id, north, demo);
    user_id := seed.med_user(demo, 'nurse.south@med.demo', 'Samuel Reyes', 'med_nurse', demo_hash);
    insert into med.staff (user_id, tenant_id, district_id, title) values (user_id, demo, demo_district, 'School nurse (RN)');
    insert into med.school_assignments (user_id, school_id, tenant_id) values (user_id, south, demo);
    user_id := seed.med_user(demo, 'aide.north@med.demo', 'Alice Brooks', 'med_aide', demo_hash);
    insert into med.staff (user_id, tenant_id, district_id, title) values (user_id, demo, demo_district, 'Health aide');
    insert into med.school_assignments (user_id, school_id, tenant_id) values (user_id, north, demo);
    user_id := seed.med_user(demo, 'teacher.north@med.demo', 'Thomas Lee', 'med_teacher', demo_hash);
    insert into med.staff (user_id, tenant_id, district_id, title) values (user_id, demo, demo_district, 'Grade 3 teacher');
    -- guardian1's login; the guardian row comes with the children (030)
    perform seed.med_user(demo, 'guardian1@med.demo', 'Grace Nguyen', 'med_guardian', demo_hash);

    user_id := seed.med_user(other, 'nurse@other-med.demo', 'Olivia Grant', 'med_nurse', demo_hash);
    insert into med.staff (user_id, tenant_id, district_id, title) values (user_id, other, other_district, 'School nurse (RN)');
    insert into med.school_assignments (user_id, school_id, tenant_id) values (user_id, other_school, other);
end
$$;
