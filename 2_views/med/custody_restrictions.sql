create view med_api.custody_restrictions
with (security_invoker = true)
as
select custody_restrictions.id,
       custody_restrictions.student_id,
       custody_restrictions.guardian_id,
       custody_restrictions.reason,
       custody_restrictions.starts_on,
       custody_restrictions.ends_on
from med_private.custody_restrictions as custody_restrictions;
comment on view med_api.custody_restrictions is 'Custody restrictions of the students the caller sees: nurses, aides and the supervisor only.';
