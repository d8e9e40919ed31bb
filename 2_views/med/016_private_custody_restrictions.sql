create view med_private.custody_restrictions as
select custody_restrictions.id,
       custody_restrictions.tenant_id,
       custody_restrictions.student_id,
       custody_restrictions.guardian_id,
       custody_restrictions.reason,
       custody_restrictions.starts_on,
       custody_restrictions.ends_on,
       custody_restrictions.recorded_by,
       custody_restrictions.created_at
from med.custody_restrictions as custody_restrictions;
alter view med_private.custody_restrictions owner to med_reader;
comment on view med_private.custody_restrictions is 'Custody restrictions the acting user may see (nurses, aides, supervisor; policies of med.custody_restrictions).';
