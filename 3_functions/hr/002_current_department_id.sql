create function hr_private.current_department_id()
returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
    return (
        select employees.department_id
        from hr.employees as employees
        -- the record hr_private.current_employee_id() finds: none for a former
        -- employee from the local midnight after their last day
        where employees.id = (select hr_private.current_employee_id()));
end
$$;
comment on function hr_private.current_department_id() is 'The acting user''s department (a manager manages the department they belong to; null without an employee record, and for a former employee once their last day is over in the hotel''s zone, so a former manager manages nothing from that local midnight on). Used by the row level policies of hr_reader; security definer so that the policies of hr.employees are not re-entered.';
