create function hr_private.reachable_employee_ids()
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
    -- the role once: acting_role() looks the caller's employment up
    case hr_private.acting_role()
        when 'hr_employee' then
            return array[hr_private.current_employee_id()];
        when 'hr_manager' then
            -- their own record is one of them
            return array(select employees.id from hr.employees as employees where employees.department_id = hr_private.current_department_id());
        when 'hr_admin', 'hr_payroll' then
            return array(select employees.id from hr.employees as employees where employees.tenant_id = core.current_tenant_id());
        else
            return '{}'::uuid[];
    end case;
end
$$;
comment on function hr_private.reachable_employee_ids() is 'The employees whose punches, leave requests and leave ledger the acting user''s role reaches: their own record for an employee, their department''s staff (themselves included) for a manager, every employee of the group (former ones too) for an admin or a payroll officer, none for anyone else (a former employee, another application''s role). The rule of who sees whose punches and leave: the policies punches_select_reachable, leave_requests_select_reachable and leave_ledger_select_reachable read it once per statement as `employee_id = any(...)`, which the planner can match to the (employee_id, clock_in_at) index whatever the audience (policies per audience, ORed together, named the employee in the employee''s branch only). Security definer so that the policies of hr.employees are not re-entered.';
