create view hr_private.shifts as
select shifts.id,
       shifts.tenant_id,
       shifts.hotel_id,
       shifts.department_id,
       shifts.position_id,
       shifts.employee_id,
       shifts.starts_at,
       shifts.ends_at,
       shifts.status,
       shifts.published_at,
       shifts.created_at
from hr.shifts as shifts;
alter view hr_private.shifts owner to hr_reader;
comment on view hr_private.shifts is 'Shifts the acting user may see: an employee the published shifts of their hotel (colleagues'' included, never a wage; no draft, their own neither), a manager the department''s, admin and payroll the hotel group''s. Runs as hr_reader, so the policies of the table pick the rows.';
