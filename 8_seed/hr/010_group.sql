-- The two hotel groups, their hotels and the named demo users (every
-- password is "demo": one bcrypt hash, computed once, shared by every hr
-- login the seed creates).
do $$
declare
    demo uuid;
    other uuid;
    harbor uuid;
    alpine uuid;
    lakeside uuid;
    demo_hash text := seed.demo_password_hash();
begin
    insert into core.tenants (app, name) values ('hr', 'Demo Hotels') returning id into demo;
    insert into core.tenants (app, name) values ('hr', 'Other Hotels') returning id into other;

    harbor := seed.hr_create_hotel(demo, 'Harbor View', 'US', 'America/Los_Angeles');
    alpine := seed.hr_create_hotel(demo, 'Alpine Lodge', 'EU', 'Europe/Zurich');
    lakeside := seed.hr_create_hotel(other, 'Lakeside Inn', 'US', 'America/Chicago');
    -- Demo Hotels' own scheduling horizon (Other Hotels keeps the default)
    insert into hr.scheduling_rules (tenant_id, effective_from, horizon_days) values (demo, date '2000-01-01', 366);

    perform seed.hr_add_staff(harbor, 'Administration', 'HR Officer', 'admin@hr.demo', 'Adriana Alvarez', 'hr_admin',
                              date '1979-03-14', '+14155550100', 38.00, demo_hash);
    perform seed.hr_add_staff(harbor, 'Administration', 'Payroll Officer', 'payroll@hr.demo', 'Peter Park', 'hr_payroll',
                              date '1985-07-02', '+14155550101', 34.00, demo_hash);
    perform seed.hr_add_staff(harbor, 'Front Desk', 'Receptionist', 'manager.frontdesk@hr.demo', 'Fiona Fischer', 'hr_manager',
                              date '1982-11-23', '+14155550102', 31.00, demo_hash);
    perform seed.hr_add_staff(alpine, 'Kitchen', 'Line Cook', 'manager.kitchen@hr.demo', 'Kurt Keller', 'hr_manager',
                              date '1977-05-30', '+41795550103', 42.00, demo_hash);
    perform seed.hr_add_staff(harbor, 'Front Desk', 'Receptionist', 'emp1@hr.demo', 'Emma Ortiz', 'hr_employee',
                              date '1996-02-17', '+14155550104', 21.50, demo_hash);
    -- minor@hr.demo turned 15 sixty days ago: 15 through every demo shift
    perform seed.hr_add_staff(harbor, 'Front Desk', 'Receptionist', 'minor@hr.demo', 'Milo Moreno', 'hr_employee',
                              (current_date - interval '15 years' - interval '60 days')::date, '+14155550105', 16.50, demo_hash);
    perform seed.hr_add_staff(lakeside, 'Administration', 'HR Officer', 'admin@other-hr.demo', 'Oliver Olsen', 'hr_admin',
                              date '1980-09-09', '+13125550106', 36.00, demo_hash);
    -- the kitchen manager holds a food handler card (his own position needs one)
    insert into hr.certifications (tenant_id, employee_id, kind, issued_on, expires_on)
    select employees.tenant_id, employees.id, 'food_handler', current_date - 400, current_date + 700
    from hr.employees as employees where employees.email = 'manager.kitchen@hr.demo';
end
$$;
