-- Development only: helpers of the hotel HR seed and its generator.

create function seed.as_hr_user(email text)
returns uuid
language sql
volatile
set search_path = ''
as $$
    select seed.act_as('hr', as_hr_user.email)
$$;
comment on function seed.as_hr_user(text) is 'Acts as a hotel HR user for the rest of the transaction (or until the next call), through seed.act_as. Returns the user id.';

-- A US hotel's school calendar: weekdays from late August to mid June,
-- without Thanksgiving week and the winter break, from last school year to
-- the one after next. Loaded as an import (no audit rows).
create function seed.hr_school_calendar(hotel_id uuid)
returns void
language plpgsql
volatile
set search_path = ''
set session_replication_role = replica
as $$
begin
    insert into hr.school_days (tenant_id, hotel_id, day)
    select hotels.tenant_id, hotels.id, days.day::date
    from hr.hotels as hotels
    cross join pg_catalog.generate_series(pg_catalog.make_date(extract(year from current_date)::int - 1, 8, 20),
                                    pg_catalog.make_date(extract(year from current_date)::int + 2, 6, 12),
                                    interval '1 day') as days (day)
    where hotels.id = hr_school_calendar.hotel_id
      and extract(isodow from days.day) < 6
      and extract(month from days.day) not in (7)
      and not (extract(month from days.day) = 6 and extract(day from days.day) > 12)
      and not (extract(month from days.day) = 8 and extract(day from days.day) < 20)
      and not (extract(month from days.day) = 12 and extract(day from days.day) >= 21)
      and not (extract(month from days.day) = 1 and extract(day from days.day) <= 2)
      and not (extract(month from days.day) = 11 and extract(day from days.day) between 22 and 28);
end
$$;
comment on function seed.hr_school_calendar(uuid) is 'Dev seed only: the school calendar of a US hotel (weekdays from August 20 to June 12 without Thanksgiving week and December 21 to January 2), from last school year to the one after next, loaded as an import (session_replication_role = replica: no audit or foreign key triggers).';

-- A hotel with its departments, positions (tipped ones, required
-- certificates) and, for a US hotel, the local school calendar.
create function seed.hr_create_hotel(tenant_id uuid, name text, jurisdiction text, time_zone text)
returns uuid
language plpgsql
volatile
set search_path = ''
as $$
declare
    new_hotel_id uuid;
begin
    insert into hr.hotels (tenant_id, name, jurisdiction, time_zone, workweek_starts_on, currency)
    values (hr_create_hotel.tenant_id, hr_create_hotel.name, hr_create_hotel.jurisdiction, hr_create_hotel.time_zone,
            case when hr_create_hotel.jurisdiction = 'US' then 7 else 1 end,
            case when hr_create_hotel.jurisdiction = 'US' then 'USD' else 'CHF' end)
    returning hotels.id into new_hotel_id;

    insert into hr.departments (tenant_id, hotel_id, name)
    select hr_create_hotel.tenant_id, new_hotel_id, departments.name
    from (values ('Front Desk'), ('Housekeeping'), ('Kitchen'), ('Restaurant'), ('Pool'), ('Administration')) as departments (name);

    insert into hr.positions (tenant_id, department_id, title, is_tipped)
    select hr_create_hotel.tenant_id, departments.id, positions.title, positions.is_tipped
    from (values ('Front Desk', 'Receptionist', false), ('Front Desk', 'Night Auditor', false),
                 ('Housekeeping', 'Room Attendant', false), ('Housekeeping', 'Laundry Attendant', false),
                 ('Kitchen', 'Line Cook', false), ('Kitchen', 'Dishwasher', false),
                 ('Restaurant', 'Server', true), ('Restaurant', 'Bartender', true),
                 ('Pool', 'Lifeguard', false),
                 ('Administration', 'HR Officer', false), ('Administration', 'Payroll Officer', false))
         as positions (department, title, is_tipped)
    join hr.departments as departments on departments.hotel_id = new_hotel_id and departments.name = positions.department;

    insert into hr.position_certifications (tenant_id, position_id, kind)
    select hr_create_hotel.tenant_id, positions.id, required.kind
    from (values ('Line Cook', 'food_handler'), ('Dishwasher', 'food_handler'), ('Server', 'food_handler'),
                 ('Server', 'alcohol_service'), ('Bartender', 'alcohol_service'),
                 ('Lifeguard', 'lifeguard'), ('Lifeguard', 'first_aid'))
         as required (title, kind)
    join hr.positions as positions on positions.title = required.title
    join hr.departments as departments on departments.id = positions.department_id and departments.hotel_id = new_hotel_id;

    if hr_create_hotel.jurisdiction = 'US' then
        perform seed.hr_school_calendar(new_hotel_id);
    end if;
    return new_hotel_id;
end
$$;
comment on function seed.hr_create_hotel(uuid, text, text, text) is 'Dev seed only: a hotel of a group with its departments, positions, required certificates and (US) school calendar. The workweek starts on Sunday in the US, Monday in the EU.';

-- Bulk staff of a hotel, set-based (the seed's budget is one second): logins
-- sharing one bcrypt hash of "demo" (computed once), employees, contracts and
-- rates, certificates for their position (a few expiring within 90 days, a
-- few expired two days ago, who then get no more shifts), opening leave
-- balances, shifts from four workweeks back to the end of this one (8 h,
-- five days a week, one in ten six days; night shifts cross midnight) and
-- punches for every shift already over. Returns the number of employees.
-- History is loaded as an import: the function runs with
-- session_replication_role = replica (superuser only), so the rows skip the
-- audit and foreign key triggers (their keys come from the joins above);
-- every other constraint, the shifts' exclusion constraint included, holds.
create function seed.hr_generate_staff(hotel_id uuid, staff int, first_n int, email_domain text, password_hash text)
returns int
language plpgsql
volatile
set search_path = ''
set jit = off
set session_replication_role = replica
as $$
declare
    hotel hr.hotels;
    today date;
    this_week date;
    first_names constant text[] := array['Alex', 'Bianca', 'Carlos', 'Dana', 'Emil', 'Fatima', 'Gabe', 'Hana', 'Ivan', 'Jasmin',
                                         'Kofi', 'Lena', 'Marco', 'Nina', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tess',
                                         'Umar', 'Vera', 'Wes', 'Xenia', 'Yusuf', 'Zoe'];
    last_names constant text[] := array['Nguyen', 'Garcia', 'Müller', 'Rossi', 'Kim', 'Okafor', 'Silva', 'Novak', 'Haddad',
                                         'Larsen', 'Brown', 'Dubois', 'Tanaka', 'Kowalski', 'Moreau', 'Fischer', 'Lopez'];
    start_hours constant int[] := array[6, 7, 14, 15, 22];
    created int;
begin
    select * into hotel from hr.hotels as hotels where hotels.id = hr_generate_staff.hotel_id;
    today := (now() at time zone hotel.time_zone)::date;
    this_week := hr_private.week_start(today, hotel.workweek_starts_on);

    -- one statement: the staff rows, then every table written from them
    with staff as materialized (
        select numbers.n,
               pg_catalog.gen_random_uuid() as user_id,
               pg_catalog.gen_random_uuid() as employee_id,
               names.full_name,
               pg_catalog.format('%s.%s.%s@%s', pg_catalog.lower(names.first_name), pg_catalog.lower(names.last_name),
                                 numbers.n, hr_generate_staff.email_domain) as email,
               positions.id as position_id,
               positions.department_id,
               positions.is_tipped,
               start_hours[1 + numbers.n % 5] as start_hour,
               (today - pg_catalog.make_interval(years => 19 + numbers.n % 45, days => (numbers.n * 37) % 365))::date as birth_date,
               (today - (200 + (numbers.n * 53) % 1500))::date as hired_on,
               case when hotel.jurisdiction = 'US'
                    then case when positions.is_tipped then 4.50 + (numbers.n % 4) else 17.50 + (numbers.n % 12) end
                    else 26.00 + (numbers.n % 14) end as rate,
               -- 2 in 100 hold a certificate that expired two days ago; 8 in 100 one expiring within 90 days
               case when numbers.n % 50 = 7 then today - 2
                    when numbers.n % 25 = 3 then today + 14 + (numbers.n % 77)
                    else today + 200 + (numbers.n * 13) % 900 end as certificate_expires_on,
               exists (select from hr.position_certifications as required where required.position_id = positions.id) as needs_certificate
        from pg_catalog.generate_series(hr_generate_staff.first_n, hr_generate_staff.first_n + hr_generate_staff.staff - 1) as numbers (n)
        cross join lateral (
            select first_names[1 + (numbers.n * 7) % pg_catalog.array_length(first_names, 1)] as first_name,
                   last_names[1 + (numbers.n * 11) % pg_catalog.array_length(last_names, 1)] as last_name,
                   first_names[1 + (numbers.n * 7) % pg_catalog.array_length(first_names, 1)] || ' '
                   || last_names[1 + (numbers.n * 11) % pg_catalog.array_length(last_names, 1)] as full_name) as names
        cross join lateral (
            select positions.id, positions.department_id, positions.is_tipped
            from hr.positions as positions
            join hr.departments as departments on departments.id = positions.department_id
            where departments.hotel_id = hotel.id
              and departments.name <> 'Administration'
            order by positions.title
            offset numbers.n % 9
            limit 1) as positions
    ),
    logins as (
        insert into core.users (id, tenant_id, app, email, full_name, role, password_hash)
        select staff.user_id, hotel.tenant_id, 'hr', staff.email, staff.full_name, 'hr_employee', hr_generate_staff.password_hash
        from staff
        returning 1
    ),
    people as (
        insert into hr.employees (id, tenant_id, hotel_id, department_id, user_id, full_name, email, phone, birth_date, is_tipped, hired_on)
        select staff.employee_id, hotel.tenant_id, hotel.id, staff.department_id, staff.user_id, staff.full_name, staff.email,
               case when staff.n % 6 <> 0
                    then case when hotel.jurisdiction = 'US' then '+1415555' else '+4179555' end || pg_catalog.lpad((staff.n % 10000)::text, 4, '0') end,
               staff.birth_date, staff.is_tipped, staff.hired_on
        from staff
        returning 1
    ),
    agreed as (
        insert into hr.contracts (tenant_id, employee_id, position_id, starts_on, hourly_rate)
        select hotel.tenant_id, staff.employee_id, staff.position_id, staff.hired_on, staff.rate
        from staff
        returning 1
    ),
    rates as (
        -- the rate since hire, and a raise for one in seven from the second of the four past workweeks
        insert into hr.pay_rates (tenant_id, employee_id, effective_from, hourly_rate)
        select hotel.tenant_id, staff.employee_id, staff.hired_on, staff.rate
        from staff
        union all
        select hotel.tenant_id, staff.employee_id, this_week - 21 + 3, staff.rate + 1.25
        from staff
        where staff.n % 7 = 2
        returning 1
    ),
    certificates as (
        insert into hr.certifications (tenant_id, employee_id, kind, issued_on, expires_on)
        select hotel.tenant_id, staff.employee_id, required.kind,
               (staff.certificate_expires_on - interval '3 years')::date, staff.certificate_expires_on
        from staff
        join hr.position_certifications as required on required.position_id = staff.position_id
        returning 1
    ),
    balances as (
        insert into hr.leave_ledger (tenant_id, employee_id, kind, hours, reason)
        select hotel.tenant_id, staff.employee_id, kinds.kind, kinds.hours, 'opening_balance'
        from staff
        cross join (values ('vacation', 40), ('sick', 24)) as kinds (kind, hours)
        returning 1
    ),
    -- shifts: two days off a week, one in ten works six days; none once a required certificate expired
    scheduled as (
        insert into hr.shifts (tenant_id, hotel_id, department_id, position_id, employee_id, starts_at, ends_at, published_at)
        select hotel.tenant_id, hotel.id, staff.department_id, staff.position_id, staff.employee_id,
               (days.day::date + pg_catalog.make_interval(hours => staff.start_hour)) at time zone hotel.time_zone,
               (days.day::date + pg_catalog.make_interval(hours => staff.start_hour + 8)) at time zone hotel.time_zone,
               (this_week - 7)::timestamp at time zone hotel.time_zone
        from staff
        cross join pg_catalog.generate_series(this_week - 28, this_week + 6, interval '1 day') as days (day)
        where ((days.day::date - this_week + 28 + staff.n) % 7) not in (0, case when staff.n % 10 = 0 then 0 else 1 end)
          and (days.day::date < staff.certificate_expires_on or not staff.needs_certificate)
        returning shifts.id, shifts.tenant_id, shifts.employee_id, shifts.starts_at, shifts.ends_at
    ),
    -- punches for the shifts already over, a few minutes either side
    punched as (
        insert into hr.punches (tenant_id, employee_id, shift_id, clock_in_at, clock_out_at)
        select scheduled.tenant_id, scheduled.employee_id, scheduled.id,
               scheduled.starts_at + pg_catalog.make_interval(mins => (pg_catalog.hashtext(scheduled.id::text) % 6)),
               scheduled.ends_at + pg_catalog.make_interval(mins => pg_catalog.abs(pg_catalog.hashtext(scheduled.id::text) % 11))
        from scheduled
        where scheduled.ends_at + interval '15 minutes' < now()
        returning 1
    )
    select pg_catalog.count(*)::int
    into created
    from staff;
    return created;
end
$$;
comment on function seed.hr_generate_staff(uuid, int, int, text, text) is 'Dev seed only: staff employees numbered first_n.. at a hotel, set-based (logins with the given bcrypt hash, e-mails at email_domain), with contracts, rates (a raise for some from the second past workweek), certificates, opening leave, shifts over four past workweeks and this one, and punches for the shifts already over. Bypasses the API on purpose (it writes history in the past, which the API refuses); every row still passes the tables'' constraints, the exclusion constraint included.';

-- One named staff member (the demo users): login with the given hash,
-- employee record, contract, rate and opening leave balances.
create function seed.hr_add_staff(hotel_id uuid, department text, position_title text, email text, full_name text, role name,
                                  birth_date date, phone text, hourly_rate numeric, password_hash text)
returns uuid
language plpgsql
volatile
set search_path = ''
as $$
declare
    hotel hr.hotels;
    position record;
    new_user_id uuid;
    new_employee_id uuid;
    hired date := current_date - 800;
begin
    select * into hotel from hr.hotels as hotels where hotels.id = hr_add_staff.hotel_id;
    select positions.id, positions.department_id, positions.is_tipped
    into position
    from hr.positions as positions
    join hr.departments as departments on departments.id = positions.department_id
    where departments.hotel_id = hotel.id and departments.name = hr_add_staff.department and positions.title = hr_add_staff.position_title;
    new_user_id := core.create_user(hotel.tenant_id, hr_add_staff.email, hr_add_staff.full_name, hr_add_staff.role);
    update core.users as users set password_hash = hr_add_staff.password_hash where users.id = new_user_id;
    insert into hr.employees (tenant_id, hotel_id, department_id, user_id, full_name, email, phone, birth_date, is_tipped, hired_on)
    values (hotel.tenant_id, hotel.id, position.department_id, new_user_id, hr_add_staff.full_name, hr_add_staff.email,
            hr_add_staff.phone, hr_add_staff.birth_date, position.is_tipped, least(hired, hr_add_staff.birth_date + 5500))
    returning employees.id into new_employee_id;
    insert into hr.contracts (tenant_id, employee_id, position_id, starts_on, hourly_rate)
    values (hotel.tenant_id, new_employee_id, position.id, least(hired, hr_add_staff.birth_date + 5500), hr_add_staff.hourly_rate);
    insert into hr.pay_rates (tenant_id, employee_id, effective_from, hourly_rate)
    values (hotel.tenant_id, new_employee_id, least(hired, hr_add_staff.birth_date + 5500), hr_add_staff.hourly_rate);
    insert into hr.leave_ledger (tenant_id, employee_id, kind, hours, reason)
    values (hotel.tenant_id, new_employee_id, 'vacation', 40, 'opening_balance'),
           (hotel.tenant_id, new_employee_id, 'sick', 24, 'opening_balance');
    return new_employee_id;
end
$$;
comment on function seed.hr_add_staff(uuid, text, text, text, text, name, date, text, numeric, text) is 'Dev seed only: one named staff member of a hotel (login with the given bcrypt hash, employee, contract, rate, opening leave of 40 h vacation and 24 h sick).';
