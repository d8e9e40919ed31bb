create view hr_private.leave_balances as
select ledger.tenant_id,
       ledger.employee_id,
       ledger.kind,
       pg_catalog.sum(ledger.hours) as balance_hours,
       pg_catalog.sum(ledger.hours) filter (where ledger.reason = 'accrual') as accrued_hours,
       -coalesce(pg_catalog.sum(ledger.hours) filter (where ledger.reason = 'leave'), 0) as taken_hours
from hr.leave_ledger as ledger
group by ledger.tenant_id, ledger.employee_id, ledger.kind;
alter view hr_private.leave_balances owner to hr_reader;
comment on view hr_private.leave_balances is 'Leave balances (sum of the leave ledger) per employee and kind that the acting user may see: an employee their own, a manager the department''s, admin and payroll the hotel group''s (the policies of hr.leave_ledger).';
