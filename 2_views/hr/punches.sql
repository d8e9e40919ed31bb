create view hr_api.punches
with (security_invoker = true)
as
select punches.id,
       punches.employee_id,
       punches.shift_id,
       punches.clock_in_at,
       punches.clock_out_at,
       punches.is_unscheduled,
       punches.original_clock_in_at,
       punches.original_clock_out_at,
       punches.edited_by,
       punches.edited_at,
       punches.edit_reason
from hr_private.punches as punches;
comment on view hr_api.punches is 'Time clock punches: an employee their own, a manager the department''s (unscheduled ones flagged), admin and payroll the group''s. An edited punch keeps its first times in original_*.';
