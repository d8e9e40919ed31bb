create function hr_private.acting_role()
returns name
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
    -- a former employee (a record that current_employee_id no longer finds:
    -- their last day is over in the hotel's zone) acts in no role, whatever
    -- the login says, so the rights of a former admin or payroll officer end
    -- at the same local midnight as a former manager's; one lookup by the
    -- unique user_id for anyone still employed
    if hr_private.current_employee_id() is null
       and exists (select
                   from hr.employees as employees
                   where employees.user_id = core.current_user_id()) then
        return null;
    end if;
    -- employed, or no employee record at all: the login's role
    return core.current_user_role();
end
$$;
comment on function hr_private.acting_role() is 'The role the acting user acts in for hotel HR: core.current_user_role(), except null for a former employee (one with an employee record that hr_private.current_employee_id() no longer finds, their last day, terminated_on, being over in the hotel''s zone), so a former admin or payroll officer loses every group-wide read and action at the local midnight after the last day, like a former manager, even with a token issued earlier and before hr_private.deactivate_departed_logins deactivates the login. A login with no employee record at all keeps its role: an HR office account of the group that is on no hotel''s staff (a head-office officer, an external payroll bureau) has no employment that could end, only a login, and loses its rights when the login is deactivated (core.current_user_id() then finds no one); every demo admin and payroll officer is an employee. Every hr policy, read view and role check calls it (policies as (select hr_private.acting_role()), once per statement). PL/pgSQL, not SQL, because the private views of 2_views name it before 3_functions creates hr_private.current_employee_id, which it calls at run time. Security definer (search_path '''') so that the policies of hr.employees are not re-entered.';
