create view hr_private.shift_swaps as
select shift_swaps.id,
       shift_swaps.tenant_id,
       shift_swaps.shift_id,
       shift_swaps.from_employee_id,
       shift_swaps.to_employee_id,
       shift_swaps.status,
       shift_swaps.created_at,
       shift_swaps.decided_at
from hr.shift_swaps as shift_swaps;
alter view hr_private.shift_swaps owner to hr_reader;
comment on view hr_private.shift_swaps is 'Shift swaps the acting user may see: the two employees, the shift department''s manager, admin. Runs as hr_reader, so the policies of the table pick the rows.';
