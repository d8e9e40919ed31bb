create function hr_private.current_department_id()
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
    select employees.department_id
    from hr.employees as employees
    where employees.user_id = (select core.current_user_id())
      -- a former employee is no one from the local midnight after their last
      -- day (the hotel's row is read only for a terminated employee)
      and (employees.terminated_on is null
           or employees.terminated_on >= (select (now() at time zone hotels.time_zone)::date
                                          from hr.hotels as hotels
                                          where hotels.id = employees.hotel_id))
$$;
comment on function hr_private.current_department_id() is 'The acting user''s department (a manager manages the department they belong to; null without an employee record, and for a former employee once their last day is over in the hotel''s zone, so a former manager manages nothing from that local midnight on). Used by the row level policies of hr_reader; security definer so that the policies of hr.employees are not re-entered.';
