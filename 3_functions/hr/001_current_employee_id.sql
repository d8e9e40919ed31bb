create function hr_private.current_employee_id()
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
    select employees.id
    from hr.employees as employees
    where employees.user_id = (select core.current_user_id())
      -- a former employee is no one from the local midnight after their last
      -- day (the hotel's row is read only for a terminated employee)
      and (employees.terminated_on is null
           or employees.terminated_on >= (select (now() at time zone hotels.time_zone)::date
                                          from hr.hotels as hotels
                                          where hotels.id = employees.hotel_id))
$$;
comment on function hr_private.current_employee_id() is 'The acting user''s employee record (null for none, and for a former employee once their last day, terminated_on, is over in the hotel''s zone: their rights end at that local midnight, before hr_private.deactivate_departed_logins deactivates the login). One lookup by the unique user_id, plus the hotel''s primary key only for a terminated employee. Used by the row level policies of the hr_reader role; security definer so that the policies of hr.employees are not re-entered.';
