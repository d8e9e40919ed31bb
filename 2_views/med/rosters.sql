create view med_api.rosters
with (security_invoker = true)
as
select rosters.teacher_id,
       rosters.student_id
from med_private.rosters as rosters;
comment on view med_api.rosters is 'Class rosters: a teacher their own, nurses and aides those of their schools, the supervisor the district.';
