create view hr_api.employees
with (security_invoker = true)
as
select employees.id,
       employees.hotel_id,
       employees.department_id,
       employees.full_name,
       employees.email,
       employees.phone,
       employees.birth_date,
       employees.is_tipped,
       employees.hired_on,
       employees.terminated_on,
       employees.termination_reason,
       employees.hourly_rate,
       employees.currency
from hr_private.employees as employees;
comment on view hr_api.employees is 'Employees: an employee sees the colleagues of their hotel, a manager the department, admin and payroll the group. Employees and managers are granted only id, hotel_id, department_id, full_name and email: selecting any other column (phone, birth date, wage, termination date and reason) is 42501 for them. hourly_rate is the rate in force today.';
