create view hr_api.leave_balances
with (security_invoker = true)
as
select balances.employee_id,
       balances.kind,
       balances.balance_hours,
       balances.accrued_hours,
       balances.taken_hours
from hr_private.leave_balances as balances;
comment on view hr_api.leave_balances is 'Leave balances in hours per employee and kind (vacation, sick): accrued per hour worked, less approved leave. An employee their own, a manager the department''s, admin and payroll the group''s.';
