create function hr_private.acting_role()
returns name
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
    employee record;
begin
    -- the login's employee record, if any: one lookup by the unique user_id
    select employees.hotel_id, employees.terminated_on
    into employee
    from hr.employees as employees
    where employees.user_id = core.current_user_id();
    -- a former employee acts in no role from the local midnight after their
    -- last day, whatever the login says: the rule of
    -- hr_private.current_employee_id(), so a former admin or payroll officer
    -- loses the group's rights at the same instant as a former manager (the
    -- hotel's row is read only for a terminated employee)
    if employee.terminated_on is not null
       and employee.terminated_on < (select (now() at time zone hotels.time_zone)::date
                                     from hr.hotels as hotels
                                     where hotels.id = employee.hotel_id) then
        return null;
    end if;
    -- employed, or no employee record at all: the login's role
    return core.current_user_role();
end
$$;
comment on function hr_private.acting_role() is 'The role the acting user acts in for hotel HR: core.current_user_role(), except null for a former employee (an employee record whose last day, terminated_on, is over in the hotel''s zone: the rule by which hr_private.current_employee_id() finds no one), so a former admin or payroll officer loses every group-wide read and action at the local midnight after the last day, like a former manager, even with a token issued earlier and before hr_private.deactivate_departed_logins deactivates the login. A login with no employee record at all keeps its role: an HR office account of the group that is on no hotel''s staff (a head-office officer, an outside payroll bureau) has no employment that could end, only a login, and loses its rights when the login is deactivated (core.current_user_id() then finds no one); every demo admin and payroll officer is an employee. Every hr policy, read view, report and role check calls it (policies as (select hr_private.acting_role()), once per statement): one index lookup by user_id, plus the hotel''s primary key for a terminated employee. PL/pgSQL with the rule written out rather than a call of current_employee_id: its statements'' plans are kept for the session (a nested call of an SQL function is planned again on every call, about three times the cost), and the private views of 2_views name it before 3_functions creates current_employee_id. Security definer (search_path '''') so that the policies of hr.employees are not re-entered.';
