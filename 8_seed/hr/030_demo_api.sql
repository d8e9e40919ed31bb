-- The demo users' history and the representative actions of each role,
-- through the API as the acting user (seed.as_hr_user): a hire, certificates,
-- next weeks' schedule (the minor's within the minors' rules), an open shift,
-- a swap offer, publication, leave requested and decided, a punch edit, a
-- raise. History in the past (which the API refuses) is written directly.
do $$
declare
    harbor hr.hotels;
    alpine hr.hotels;
    today_h date;
    today_a date;
    week_h date;
    week_a date;
    emp1 uuid;
    minor uuid;
    receptionist uuid;
    line_cook uuid;
    front_desk uuid;
    kitchen uuid;
    colleague uuid;
    job uuid;
    application uuid;
    emp2 uuid;
    day date;
    first_shift uuid;
    leave uuid;
    punch uuid;
begin
    select * into harbor from hr.hotels as hotels where hotels.name = 'Harbor View';
    select * into alpine from hr.hotels as hotels where hotels.name = 'Alpine Lodge';
    today_h := (now() at time zone harbor.time_zone)::date;
    today_a := (now() at time zone alpine.time_zone)::date;
    week_h := hr_private.week_start(today_h, harbor.workweek_starts_on);
    week_a := hr_private.week_start(today_a, alpine.workweek_starts_on);
    select employees.id into emp1 from hr.employees as employees where employees.email = 'emp1@hr.demo';
    select employees.id into minor from hr.employees as employees where employees.email = 'minor@hr.demo';
    select departments.id into front_desk from hr.departments as departments where departments.hotel_id = harbor.id and departments.name = 'Front Desk';
    select departments.id into kitchen from hr.departments as departments where departments.hotel_id = alpine.id and departments.name = 'Kitchen';
    select positions.id into receptionist from hr.positions as positions where positions.department_id = front_desk and positions.title = 'Receptionist';
    select positions.id into line_cook from hr.positions as positions where positions.department_id = kitchen and positions.title = 'Line Cook';

    -- history: emp1 at the front desk Monday to Friday 07:00-15:00, the minor
    -- Tuesday and Thursday 16:00-19:00 and Saturday 10:00-16:00, with punches
    insert into hr.shifts (tenant_id, hotel_id, department_id, position_id, employee_id, starts_at, ends_at, published_at)
    select harbor.tenant_id, harbor.id, front_desk, receptionist, pattern.employee_id,
           (days.day::date + pattern.starts) at time zone harbor.time_zone,
           (days.day::date + pattern.ends) at time zone harbor.time_zone,
           (week_h - 7)::timestamp at time zone harbor.time_zone
    from pg_catalog.generate_series(week_h - 28, today_h - 1, interval '1 day') as days (day)
    cross join (values (emp1, 1, interval '7 hours', interval '15 hours'), (emp1, 2, interval '7 hours', interval '15 hours'),
                       (emp1, 3, interval '7 hours', interval '15 hours'), (emp1, 4, interval '7 hours', interval '15 hours'),
                       (emp1, 5, interval '7 hours', interval '15 hours'),
                       (minor, 2, interval '16 hours', interval '19 hours'), (minor, 4, interval '16 hours', interval '19 hours'),
                       (minor, 6, interval '10 hours', interval '16 hours')) as pattern (employee_id, isodow, starts, ends)
    where extract(isodow from days.day) = pattern.isodow;
    insert into hr.punches (tenant_id, employee_id, shift_id, clock_in_at, clock_out_at)
    select shifts.tenant_id, shifts.employee_id, shifts.id, shifts.starts_at - interval '4 minutes', shifts.ends_at + interval '3 minutes'
    from hr.shifts as shifts
    where shifts.employee_id in (emp1, minor)
      and shifts.ends_at < now();

    -- the front desk manager's next two weeks for emp1 and the minor
    perform seed.as_hr_user('manager.frontdesk@hr.demo');
    for day in select pg_catalog.generate_series(today_h + 1, week_h + 13, interval '1 day')::date loop
        if extract(isodow from day) between 1 and 5 then
            perform hr_api.schedule_shift(emp1, receptionist, (day + time '07:00') at time zone harbor.time_zone,
                                          (day + time '15:00') at time zone harbor.time_zone);
        end if;
        if extract(isodow from day) in (2, 4) then
            perform hr_api.schedule_shift(minor, receptionist, (day + time '16:00') at time zone harbor.time_zone,
                                          (day + time '19:00') at time zone harbor.time_zone);
        elsif extract(isodow from day) = 6 then
            perform hr_api.schedule_shift(minor, receptionist, (day + time '10:00') at time zone harbor.time_zone,
                                          (day + time '16:00') at time zone harbor.time_zone);
        end if;
    end loop;
    perform hr_api.schedule_open_shift(receptionist, (week_h + 13 + time '15:00') at time zone harbor.time_zone,
                                       (week_h + 13 + time '23:00') at time zone harbor.time_zone);
    perform hr_api.publish_schedule(front_desk, week_h + 7);

    -- a punch emp1 forgot: the manager corrects it (the original is kept, the edit audited)
    select punches.id into punch
    from hr.punches as punches
    where punches.employee_id = emp1
    order by punches.clock_in_at desc
    limit 1;
    if punch is not null then
        perform hr_api.edit_punch(punch,
            (select punches.clock_in_at - interval '25 minutes' from hr.punches as punches where punches.id = punch),
            (select punches.clock_out_at from hr.punches as punches where punches.id = punch),
            'clocked in late at the terminal; started at the desk on time');
    end if;

    -- emp1 offers their first published shift (next week's: this week's rest
    -- stays a draft, which they do not see) to a colleague, and asks for
    -- vacation in three weeks
    perform seed.as_hr_user('emp1@hr.demo');
    select employees.id into colleague
    from hr.employees as employees
    where employees.department_id = front_desk and employees.email like '%@harbor.hr.demo'
    order by employees.email
    limit 1;
    select shifts.id into first_shift
    from hr.shifts as shifts
    where shifts.employee_id = emp1 and shifts.starts_at > now() and shifts.published_at is not null
    order by shifts.starts_at
    limit 1;
    perform hr_api.request_swap(first_shift, colleague);
    leave := hr_api.request_leave(week_h + 22, week_h + 24, 'vacation');
    perform seed.as_hr_user('manager.frontdesk@hr.demo');
    perform hr_api.decide_leave(leave, true);
    perform seed.as_hr_user('minor@hr.demo');
    perform hr_api.request_leave(week_h + 29, week_h + 29, 'vacation');

    -- the kitchen hires a line cook through the public posting (emp2)
    perform seed.as_hr_user('manager.kitchen@hr.demo');
    job := hr_api.post_job(kitchen, line_cook, 'Line Cook (full time)', 29.50);
    perform seed.as_nobody();
    application := hr_api.apply_for_job(job, 'Elias Brunner', 'emp2@hr.demo');
    perform hr_api.apply_for_job(job, 'Sara Lüthi', 'sara.luethi@example.ch');
    perform seed.as_hr_user('manager.kitchen@hr.demo');
    perform hr_api.advance_application(application, 'interview');
    emp2 := hr_api.hire(application, today_a, 29.50);
    perform hr_api.set_employee_details(emp2, date '1994-08-21', '+41795550107');
    perform hr_api.add_certification(emp2, 'food_handler', today_a - 100, today_a + 630);
    update core.users as users set password_hash = seed.demo_password_hash() where users.email = 'emp2@hr.demo';
    for day in select pg_catalog.generate_series(greatest(today_a + 1, week_a + 7), week_a + 13, interval '1 day')::date loop
        if extract(isodow from day) between 1 and 5 then
            perform hr_api.schedule_shift(emp2, line_cook, (day + time '06:00') at time zone alpine.time_zone,
                                          (day + time '14:00') at time zone alpine.time_zone);
        end if;
    end loop;
    perform hr_api.publish_schedule(kitchen, week_a + 7);

    -- payroll raises emp1 from next week
    perform seed.as_hr_user('payroll@hr.demo');
    perform hr_api.set_pay_rate(emp1, week_h + 7, 22.75);

    perform seed.as_nobody();
end
$$;
