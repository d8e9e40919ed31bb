create view hr_api.pay_rates
with (security_invoker = true)
as
select pay_rates.id,
       pay_rates.employee_id,
       pay_rates.effective_from,
       pay_rates.hourly_rate
from hr_private.pay_rates as pay_rates;
comment on view hr_api.pay_rates is 'Effective-dated hourly rates: an employee their own, payroll and admin the group''s. Managers are not granted this view (42501).';
