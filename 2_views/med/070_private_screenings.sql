create view med_private.screenings as
select screenings.id,
       screenings.tenant_id,
       screenings.student_id,
       screenings.kind,
       screenings.screened_on,
       screenings.result,
       screenings.notes,
       screenings.screened_by,
       screenings.created_at
from med.screenings as screenings;
alter view med_private.screenings owner to med_reader;
comment on view med_private.screenings is 'Screenings the acting user may see (policies of med.screenings).';
