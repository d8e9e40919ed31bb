create view med_private.students as
select students.id,
       students.tenant_id,
       students.school_id,
       students.first_name,
       students.last_name,
       students.birth_date,
       students.grade,
       students.emergency_instructions,
       students.enrolled_on,
       students.created_at
from med.students as students;
alter view med_private.students owner to med_reader;
comment on view med_private.students is 'Students the acting user may see: runs as med_reader, so the policies of med.students pick the rows (nurses and aides their assigned schools, the supervisor the district, a teacher the roster, a guardian their children without a custody restriction against them). The API functions check visibility through it (PT404 otherwise).';
