-- hr_reader owns the private read views; the policies below are written for
-- it. The helpers the policies and views call run for whoever reads a view,
-- so every HR role may execute them (they only reveal the caller's own
-- employee record, department and hotel, and the ids of the hotels and
-- employees the caller's views show anyway).
grant usage on schema hr_private to hr_reader;

grant execute on function hr_private.acting_role(), hr_private.current_employee_id(), hr_private.current_department_id(), hr_private.current_hotel_id(),
    hr_private.current_hotel_ids(), hr_private.reachable_employee_ids()
to hr_reader, hr_employee, hr_manager, hr_admin, hr_payroll;
-- the workweek helper is called by no view or policy, only by the security
-- definer functions and the reports' refresh: no API role executes it
grant execute on function hr_private.week_start(date, smallint) to hr_reader;

-- anonymous visitors read the open job postings, whose manager and admin
-- policies name the acting role and employee's department (null for them)
grant execute on function hr_private.acting_role(), hr_private.current_department_id() to anon;
