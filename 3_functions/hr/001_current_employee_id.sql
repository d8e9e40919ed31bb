create function hr_private.current_employee_id()
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
    select employees.id
    from hr.employees as employees
    where employees.user_id = (select core.current_user_id())
$$;
comment on function hr_private.current_employee_id() is 'The acting user''s employee record (null for none). Used by the row level policies of the hr_reader role; security definer so that the policies of hr.employees are not re-entered.';
