create view hr_private.pay_rates as
select pay_rates.id,
       pay_rates.tenant_id,
       pay_rates.employee_id,
       pay_rates.effective_from,
       pay_rates.hourly_rate,
       pay_rates.created_at
from hr.pay_rates as pay_rates;
alter view hr_private.pay_rates owner to hr_reader;
comment on view hr_private.pay_rates is 'Pay rates the acting user may see: an employee their own, payroll and admin the hotel group''s; a manager none. Runs as hr_reader, so the policies of the table pick the rows.';
