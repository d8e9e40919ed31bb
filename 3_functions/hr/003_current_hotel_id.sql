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
$$;
comment on function hr_private.current_hotel_id() is 'The acting user''s hotel (null without an employee record). Used by the row level policies of hr_reader (an employee sees the shifts and colleagues of their hotel); security definer so that the policies of hr.employees are not re-entered.';
