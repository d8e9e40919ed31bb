create view hr_private.leave_requests as
select leave_requests.id,
       leave_requests.tenant_id,
       leave_requests.employee_id,
       leave_requests.kind,
       leave_requests.starts_on,
       leave_requests.ends_on,
       leave_requests.hours,
       leave_requests.status,
       leave_requests.decided_by,
       leave_requests.decided_at,
       leave_requests.created_at
from hr.leave_requests as leave_requests;
alter view hr_private.leave_requests owner to hr_reader;
comment on view hr_private.leave_requests is 'Leave requests the acting user may see: an employee their own, a manager the department''s, admin and payroll the hotel group''s. Runs as hr_reader, so the policies of the table pick the rows.';
