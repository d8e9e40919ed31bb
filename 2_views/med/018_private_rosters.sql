create view med_private.rosters as
select rosters.teacher_id,
       rosters.student_id,
       rosters.tenant_id,
       rosters.created_at
from med.rosters as rosters;
alter view med_private.rosters owner to med_reader;
comment on view med_private.rosters is 'Roster rows the acting user may see (policies of med.rosters).';
