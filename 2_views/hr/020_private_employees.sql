create view hr_private.employees as
select employees.id,
       employees.tenant_id,
       employees.hotel_id,
       employees.department_id,
       employees.user_id,
       employees.full_name,
       employees.email,
       employees.phone,
       employees.birth_date,
       employees.is_tipped,
       employees.hired_on,
       employees.terminated_on,
       -- the rate in force today in the hotel's zone, read through the
       -- policies of hr.pay_rates: null for whoever may not see wages
       (select rates.hourly_rate
        from hr.pay_rates as rates
        where rates.employee_id = employees.id
          and rates.effective_from <= (now() at time zone hotels.time_zone)::date
        order by rates.effective_from desc
        limit 1) as hourly_rate,
       hotels.currency,
       employees.created_at
from hr.employees as employees
join hr.hotels as hotels on hotels.id = employees.hotel_id;
alter view hr_private.employees owner to hr_reader;
comment on view hr_private.employees is 'Employees the acting user may see: an employee the colleagues of their hotel, a manager the department, admin and payroll the hotel group. Runs as hr_reader, so the policies of hr.employees pick the rows; hourly_rate (in force today, in the hotel''s zone) is read through the policies of hr.pay_rates, so it is null for a manager or a colleague.';
