-- Fixtures for the hotel HR suites (the lookups are security definer so
-- that a suite may call them while acting as a user): people and history written directly as
-- the superuser (the API refuses history in the past), before a suite acts
-- through the API with tests.act_as. Each returns the id it created.

create function tests.hr_hotel_id(hotel text)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
    select hotels.id from hr.hotels as hotels where hotels.name = hr_hotel_id.hotel
$$;
comment on function tests.hr_hotel_id(text) is 'The id of the hotel of that name.';

create function tests.hr_position_id(hotel text, title text)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
    select positions.id
    from hr.positions as positions
    join hr.departments as departments on departments.id = positions.department_id
    join hr.hotels as hotels on hotels.id = departments.hotel_id
    where hotels.name = hr_position_id.hotel and positions.title = hr_position_id.title
$$;
comment on function tests.hr_position_id(text, text) is 'The id of the position of that title at that hotel.';

create function tests.hr_at(hotel text, local timestamp)
returns timestamptz
language sql
stable
security definer
set search_path = ''
as $$
    select hr_at.local at time zone hotels.time_zone from hr.hotels as hotels where hotels.name = hr_at.hotel
$$;
comment on function tests.hr_at(text, timestamp) is 'The instant of a local wall-clock time at the hotel.';

create function tests.hr_week(hotel text, weeks_back int)
returns date
language sql
stable
security definer
set search_path = ''
as $$
    select hr_private.week_start((now() at time zone hotels.time_zone)::date, hotels.workweek_starts_on) - 7 * hr_week.weeks_back
    from hr.hotels as hotels
    where hotels.name = hr_week.hotel
$$;
comment on function tests.hr_week(text, int) is 'The first local day of the hotel''s workweek weeks_back weeks before the current one (0: this week, negative: ahead).';

create function tests.hr_add_employee(hotel text, department text, email text, full_name text, birth_date date,
                                      hourly_rate numeric, is_tipped boolean default false, role name default 'hr_employee')
returns uuid
language plpgsql
volatile
set search_path = ''
as $$
declare
    target record;
    new_user_id uuid;
    new_employee_id uuid;
begin
    select hotels.id as hotel_id, hotels.tenant_id, departments.id as department_id
    into strict target
    from hr.hotels as hotels
    join hr.departments as departments on departments.hotel_id = hotels.id
    where hotels.name = hr_add_employee.hotel and departments.name = hr_add_employee.department;
    new_user_id := core.create_user(target.tenant_id, hr_add_employee.email, hr_add_employee.full_name, hr_add_employee.role);
    insert into hr.employees (tenant_id, hotel_id, department_id, user_id, full_name, email, phone, birth_date, is_tipped, hired_on)
    values (target.tenant_id, target.hotel_id, target.department_id, new_user_id, hr_add_employee.full_name, hr_add_employee.email,
            '+15550001' || pg_catalog.lpad((pg_catalog.abs(pg_catalog.hashtext(hr_add_employee.email)) % 1000)::text, 3, '0'),
            hr_add_employee.birth_date, hr_add_employee.is_tipped, current_date - 1000)
    returning employees.id into new_employee_id;
    insert into hr.pay_rates (tenant_id, employee_id, effective_from, hourly_rate)
    values (target.tenant_id, new_employee_id, current_date - 1000, hr_add_employee.hourly_rate);
    return new_employee_id;
end
$$;
comment on function tests.hr_add_employee(text, text, text, text, date, numeric, boolean, name) is 'A test employee (login without password, hired 1000 days ago, one pay rate since then).';

create function tests.hr_add_certificate(employee_id uuid, kind text, expires_on date)
returns uuid
language sql
volatile
set search_path = ''
as $$
    insert into hr.certifications (tenant_id, employee_id, kind, issued_on, expires_on)
    select employees.tenant_id, employees.id, hr_add_certificate.kind, hr_add_certificate.expires_on - 1000, hr_add_certificate.expires_on
    from hr.employees as employees
    where employees.id = hr_add_certificate.employee_id
    returning certifications.id
$$;
comment on function tests.hr_add_certificate(uuid, text, date) is 'A certificate of the employee, issued 1000 days before it expires.';

create function tests.hr_add_punch(employee_id uuid, clock_in_local timestamp, clock_out_local timestamp)
returns uuid
language sql
volatile
set search_path = ''
as $$
    insert into hr.punches (tenant_id, employee_id, clock_in_at, clock_out_at)
    select employees.tenant_id, employees.id,
           hr_add_punch.clock_in_local at time zone hotels.time_zone,
           hr_add_punch.clock_out_local at time zone hotels.time_zone
    from hr.employees as employees
    join hr.hotels as hotels on hotels.id = employees.hotel_id
    where employees.id = hr_add_punch.employee_id
    returning punches.id
$$;
comment on function tests.hr_add_punch(uuid, timestamp, timestamp) is 'A closed punch of the employee at local wall-clock times of their hotel.';

create function tests.hr_set_scheduling_horizon(tenant text, horizon_days int, effective_from date)
returns void
language sql
volatile
set search_path = ''
as $$
    insert into hr.scheduling_rules (tenant_id, effective_from, horizon_days)
    select tenants.id, hr_set_scheduling_horizon.effective_from, hr_set_scheduling_horizon.horizon_days
    from core.tenants as tenants
    where tenants.app = 'hr' and tenants.name = hr_set_scheduling_horizon.tenant
    on conflict on constraint scheduling_rules_rule_key do update set horizon_days = excluded.horizon_days
$$;
comment on function tests.hr_set_scheduling_horizon(text, int, date) is 'The hotel group''s own scheduling horizon from effective_from (two days ago or earlier is in force on every hotel''s local today), for suites whose dates lie further ahead than the seeded one allows. The suites run side by side in one database: each passes a day of its own, since a second uncommitted row with the same key would make one suite wait for the other.';

grant execute on all functions in schema tests to public;

create function tests.hr_shift_week(shift_id uuid)
returns table (department_id uuid, week_start date)
language sql
stable
security definer
set search_path = ''
as $$
    select shifts.department_id,
           hr_private.week_start((shifts.starts_at at time zone hotels.time_zone)::date, hotels.workweek_starts_on)
    from hr.shifts as shifts
    join hr.hotels as hotels on hotels.id = shifts.hotel_id
    where shifts.id = hr_shift_week.shift_id
$$;
comment on function tests.hr_shift_week(uuid) is 'The department and the local workweek of a shift: the arguments of hr_api.publish_schedule that publish it (a suite publishes through the API, acting as the manager).';
grant execute on function tests.hr_shift_week(uuid) to public;
