create function hr_private.current_hotel_id()
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
    select employees.hotel_id
    from hr.employees as employees
    where employees.user_id = (select core.current_user_id())
      -- a former employee is no one from the local midnight after their last
      -- day (the hotel's row is read only for a terminated employee)
      and (employees.terminated_on is null
           or employees.terminated_on >= (select (now() at time zone hotels.time_zone)::date
                                          from hr.hotels as hotels
                                          where hotels.id = employees.hotel_id))
$$;
comment on function hr_private.current_hotel_id() is 'The acting user''s hotel (null without an employee record, and for a former employee once their last day is over in the hotel''s zone). Used by the row level policies of hr_reader (an employee sees the shifts and colleagues of their hotel); security definer so that the policies of hr.employees are not re-entered.';
