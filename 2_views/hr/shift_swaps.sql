create view hr_api.shift_swaps
with (security_invoker = true)
as
select shift_swaps.id,
       shift_swaps.shift_id,
       shift_swaps.from_employee_id,
       shift_swaps.to_employee_id,
       shift_swaps.status,
       shift_swaps.created_at,
       shift_swaps.decided_at
from hr_private.shift_swaps as shift_swaps;
comment on view hr_api.shift_swaps is 'Shift swap offers: those between the caller and a colleague, a manager the department''s, an admin the group''s.';
