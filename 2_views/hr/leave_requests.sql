create view hr_api.leave_requests
with (security_invoker = true)
as
select leave_requests.id,
       leave_requests.employee_id,
       leave_requests.kind,
       leave_requests.starts_on,
       leave_requests.ends_on,
       leave_requests.hours,
       leave_requests.status,
       leave_requests.decided_by,
       leave_requests.decided_at,
       leave_requests.created_at
from hr_private.leave_requests as leave_requests;
comment on view hr_api.leave_requests is 'Leave requests: an employee their own, a manager the department''s, admin and payroll the group''s.';
