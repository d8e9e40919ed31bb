create view med_api.schools
with (security_invoker = true)
as
select schools.id,
       schools.name,
       schools.district_id,
       schools.time_zone,
       schools.lowest_grade,
       schools.highest_grade
from med_private.schools as schools;
comment on view med_api.schools is 'Schools the caller may see: nurses and aides their assigned schools, the supervisor the whole district, teachers and guardians the schools of their students.';
