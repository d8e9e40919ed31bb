create view med_api.screenings
with (security_invoker = true)
as
select screenings.id,
       screenings.student_id,
       screenings.kind,
       screenings.screened_on,
       screenings.result,
       screenings.notes
from med_private.screenings as screenings;
comment on view med_api.screenings is 'Vision and hearing screenings of the students the caller sees (not teachers).';
