create view med_private.visits as
select visits.id,
       visits.tenant_id,
       visits.student_id,
       visits.school_id,
       visits.visited_at,
       case when current_user = 'med_teacher' then null else visits.complaint end as complaint,
       case when current_user = 'med_teacher' then null else visits.temperature end as temperature,
       case when current_user = 'med_teacher' then null else visits.pulse end as pulse,
       case when current_user = 'med_teacher' then null else visits.intervention end as intervention,
       visits.disposition,
       case when current_user = 'med_teacher' then null
            when current_user = 'med_aide' and visits.is_confidential then null
            else visits.notes end as notes,
       visits.is_confidential,
       visits.shared_with_guardian,
       case when current_user = 'med_teacher' then null else visits.picked_up_by end as picked_up_by,
       visits.recorded_by
from med.visits as visits;
alter view med_private.visits owner to med_reader;
comment on view med_private.visits is 'Office visits the acting user may see (policies of med.visits for med_reader: nurses and aides their schools, the supervisor the district, a teacher the roster, a guardian only visits shared with them). Confidential notes are null for aides; for teachers every clinical column is null here, and med_api.visits refuses them those columns outright (column privileges, 42501). Masking goes by current_user, the role PostgREST switched to.';
