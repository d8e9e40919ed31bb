create view med_api.visits
with (security_invoker = true)
as
select visits.id,
       visits.student_id,
       visits.school_id,
       visits.visited_at,
       visits.complaint,
       visits.temperature,
       visits.pulse,
       visits.intervention,
       visits.disposition,
       visits.notes,
       visits.is_confidential,
       visits.shared_with_guardian,
       visits.picked_up_by
from med_private.visits as visits;
comment on view med_api.visits is 'Office visits of the students the caller sees: nurses and the supervisor everything, aides everything but confidential notes (null), guardians only the visits shared with them; teachers none (42501).';
