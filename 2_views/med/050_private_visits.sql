create view med_private.visits as
select visits.id,
       visits.tenant_id,
       visits.student_id,
       visits.school_id,
       visits.visited_at,
       visits.complaint,
       visits.temperature,
       visits.pulse,
       visits.intervention,
       visits.disposition,
       case when current_user = 'med_aide' and visits.is_confidential then null else visits.notes end as notes,
       visits.is_confidential,
       visits.shared_with_guardian,
       visits.picked_up_by,
       visits.recorded_by
from med.visits as visits;
alter view med_private.visits owner to med_reader;
comment on view med_private.visits is 'Office visits the acting user may see (policies of med.visits for med_reader: nurses and aides their schools, the supervisor the district, a guardian only visits shared with them; teachers none, 42501: they see only allergies, action plans and emergency instructions). Confidential notes are null for aides. Masking goes by current_user, the role PostgREST switched to.';
