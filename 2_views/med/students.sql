create view med_api.students
with (security_invoker = true)
as
select students.id,
       students.school_id,
       students.first_name,
       students.last_name,
       students.birth_date,
       students.grade,
       students.emergency_instructions,
       students.enrolled_on
from med_private.students as students;
comment on view med_api.students is 'Students the caller may see: nurses and aides those of their assigned schools, the supervisor the whole district, a teacher the roster, a guardian their own children (never one under a custody restriction against them). emergency_instructions is the one health field teachers read here.';
