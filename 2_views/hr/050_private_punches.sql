create view hr_private.punches as
select punches.id,
       punches.tenant_id,
       punches.employee_id,
       punches.shift_id,
       punches.clock_in_at,
       punches.clock_out_at,
       punches.is_unscheduled,
       punches.original_clock_in_at,
       punches.original_clock_out_at,
       punches.edited_by,
       punches.edited_at,
       punches.edit_reason,
       punches.created_at
from hr.punches as punches;
alter view hr_private.punches owner to hr_reader;
comment on view hr_private.punches is 'Punches the acting user may see: an employee their own, a manager the department''s, admin and payroll the hotel group''s. Runs as hr_reader, so the policies of the table pick the rows.';
