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
$$;
comment on function hr_private.current_department_id() is 'The acting user''s department (a manager manages the department they belong to; null without an employee record). Used by the row level policies of hr_reader; security definer so that the policies of hr.employees are not re-entered.';
