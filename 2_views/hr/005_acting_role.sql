create function hr_private.acting_role()
returns name
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
    -- a former employee acts in no role from the local midnight after their
    -- last day, whatever the login says (current_employee_id finds no one
    -- for them then): a former admin or payroll officer loses the group's
    -- rights at the same instant as a former manager
    if hr_private.current_employee_id() is null
       and exists (select from hr.employees as employees where employees.user_id = core.current_user_id()) then
        return null;
    end if;
    -- employed, or no employee record at all: the login's role
    return core.current_user_role();
end
$$;
comment on function hr_private.acting_role() is 'The role the acting user acts in for hotel HR: core.current_user_role(), except null for a former employee (an employee record whose last day, terminated_on, is over in the hotel''s zone: the rule by which hr_private.current_employee_id() finds no one), so a former admin or payroll officer loses every group-wide read and action at the local midnight after the last day, like a former manager, even with a token issued earlier and before hr_private.deactivate_departed_logins deactivates the login. A login with no employee record at all keeps its role: an HR office account of the group that is on no hotel''s staff (a head-office officer, an outside payroll bureau) has no employment that could end, only a login, and loses its rights when the login is deactivated (core.current_user_id() then finds no one); every demo admin and payroll officer is an employee. Every hr policy, read view, report and role check calls it (policies as (select hr_private.acting_role()), once per statement): one call of current_employee_id (one index lookup by user_id), and a second lookup only for a login it finds no one for. Security definer (search_path '''') so that the policies of hr.employees are not re-entered.';
