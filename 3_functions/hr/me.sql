create function hr_api.me()
returns json
language sql
stable
set search_path = ''
as $$
    select (core.me()::jsonb
            || pg_catalog.jsonb_build_object('employee', (
                   select pg_catalog.jsonb_build_object(
                              'id', employees.id,
                              'hotel_id', employees.hotel_id,
                              'department_id', employees.department_id,
                              'full_name', employees.full_name,
                              'email', employees.email,
                              'phone', employees.phone,
                              'birth_date', employees.birth_date,
                              'is_tipped', employees.is_tipped,
                              'hired_on', employees.hired_on,
                              'hourly_rate', employees.hourly_rate,
                              'currency', employees.currency)
                   from hr_private.employees as employees
                   where employees.user_id = (select core.current_user_id()))))::json
$$;
comment on function hr_api.me() is 'The logged-in user''s profile, hotel group and, for staff with an employee record, their own employee profile (department, birth date, phone, the rate in force today); 42501 when anonymous.';
