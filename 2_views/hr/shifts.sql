create view hr_api.shifts
with (security_invoker = true)
as
select shifts.id,
       shifts.employee_id,
       shifts.position_id,
       shifts.department_id,
       shifts.hotel_id,
       shifts.starts_at,
       shifts.ends_at,
       shifts.status,
       shifts.published_at
from hr_private.shifts as shifts;
comment on view hr_api.shifts is 'Shifts (scheduled, open, cancelled): an employee sees the hotel''s published ones (colleagues'' shifts, no wages, no draft: published_at null), a manager the department''s drafts included, admin and payroll the group''s.';
