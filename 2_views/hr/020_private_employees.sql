create view hr_private.employees as
select employees.id,
       employees.tenant_id,
       employees.hotel_id,
       employees.department_id,
       employees.user_id,
       employees.full_name,
       employees.email,
       -- personal columns: one's own record, admin and payroll; masked for a
       -- colleague or a manager, who reach this view directly too
       case when personal.visible then employees.phone end as phone,
       case when personal.visible then employees.birth_date end as birth_date,
       case when personal.visible then employees.is_tipped end as is_tipped,
       case when personal.visible then employees.hired_on end as hired_on,
       case when personal.visible then employees.terminated_on end as terminated_on,
       case when personal.visible then employees.termination_reason end as termination_reason,
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
join hr.hotels as hotels on hotels.id = employees.hotel_id
cross join lateral (
    select (select hr_private.acting_role()) in ('hr_admin', 'hr_payroll')
           or employees.user_id = (select core.current_user_id()) as visible) as personal;
alter view hr_private.employees owner to hr_reader;
comment on view hr_private.employees is 'Employees the acting user may see: an employee the colleagues of their hotel, a manager the department, admin and payroll the hotel group. Runs as hr_reader, so the policies of hr.employees pick the rows; hourly_rate (in force today, in the hotel''s zone) is read through the policies of hr.pay_rates, so it is null for a manager or a colleague. phone, birth_date, is_tipped, hired_on, terminated_on and termination_reason are null except on one''s own record and for admin and payroll, since the exposed view''s column grants do not cover a direct read of this view.';
