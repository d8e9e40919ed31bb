create view hr_private.departments as
select departments.id,
       departments.tenant_id,
       departments.hotel_id,
       departments.name,
       departments.created_at
from hr.departments as departments;
alter view hr_private.departments owner to hr_reader;
comment on view hr_private.departments is 'Departments of the acting user''s hotel group (every HR role). Runs as hr_reader, so the policies of the table pick the rows.';
