create function hr_private.current_employee_id()
returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
    employee record;
begin
    select employees.id, employees.hotel_id, employees.terminated_on
    into employee
    from hr.employees as employees
    where employees.user_id = core.current_user_id();
    -- a former employee is no one from the local midnight after their last
    -- day (the hotel's row is read only for a terminated employee)
    if employee.terminated_on is not null
       and employee.terminated_on < (select (now() at time zone hotels.time_zone)::date
                                     from hr.hotels as hotels
                                     where hotels.id = employee.hotel_id) then
        return null;
    end if;
    return employee.id;
end
$$;
comment on function hr_private.current_employee_id() is 'The acting user''s employee record (null for none, and for a former employee once their last day, terminated_on, is over in the hotel''s zone: their rights end at that local midnight, before hr_private.deactivate_departed_logins deactivates the login). The one place of that rule: current_department_id, current_hotel_id and acting_role build on it. One lookup by the unique user_id, plus the hotel''s primary key only for a terminated employee; PL/pgSQL so that the plans of its statements are kept for the session (an SQL function called from a policy or another function is planned again on every call). Used by the row level policies of the hr_reader role; security definer so that the policies of hr.employees are not re-entered.';
