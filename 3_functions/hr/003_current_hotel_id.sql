create function hr_private.current_hotel_id()
returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
    return (
        select employees.hotel_id
        from hr.employees as employees
        -- the record hr_private.current_employee_id() finds: none for a former
        -- employee from the local midnight after their last day
        where employees.id = (select hr_private.current_employee_id()));
end
$$;
comment on function hr_private.current_hotel_id() is 'The acting user''s hotel (null without an employee record, and for a former employee once their last day is over in the hotel''s zone). Used by the row level policies of hr_reader (an employee sees the shifts and colleagues of their hotel); security definer so that the policies of hr.employees are not re-entered.';
