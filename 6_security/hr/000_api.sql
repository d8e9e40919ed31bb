-- The hr_api surface: usage for every HR role and anon, login for all of
-- them, me for the logged-in roles. Each capability's grants follow in the
-- other files of this folder.
grant usage on schema hr_api to anon, hr_employee, hr_manager, hr_admin, hr_payroll;
grant usage on schema hr_private to anon, hr_employee, hr_manager, hr_admin, hr_payroll;

grant execute on function hr_api.login(text, text)
to anon, hr_employee, hr_manager, hr_admin, hr_payroll;

grant execute on function hr_api.me()
to hr_employee, hr_manager, hr_admin, hr_payroll;
