create function hr_private.wage_employee_ids()
returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
    -- whose punches and leave the role reaches, but a manager, who reaches
    -- the department's, reaches no wages
    select case
        when hr_private.acting_role() = 'hr_manager' then '{}'::uuid[]
        else hr_private.reachable_employee_ids()
    end
$$;
comment on function hr_private.wage_employee_ids() is 'The employees whose wages (pay rates, contracts, payslips) the acting user''s role reaches: their own record for an employee, every employee of the group (former ones too) for an admin or a payroll officer, none for anyone else: a manager sees no wages, their own included (DOMAINS: never unless also payroll), nor a former employee or another application''s role. The rule of who sees whose wages: the policies pay_rates_select_reachable, contracts_select_reachable and payslips_select_reachable read it once per statement as `employee_id = any(...)`, which the planner can match to an index on employee_id whatever the audience (policies per audience, ORed together, named the employee in the employee''s branch only, so an employee''s read filtered the whole group''s rows). Security definer so that the policies of hr.employees are not re-entered.';
