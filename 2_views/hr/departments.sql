create view hr_api.departments
with (security_invoker = true)
as
select departments.id,
       departments.hotel_id,
       departments.name
from hr_private.departments as departments;
comment on view hr_api.departments is 'Departments of the caller''s hotel group.';
