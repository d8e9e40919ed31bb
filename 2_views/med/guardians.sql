create view med_api.guardians
with (security_invoker = true)
as
select guardians.id,
       guardians.user_id,
       guardians.full_name,
       guardians.email,
       guardians.phone
from med_private.guardians as guardians;
comment on view med_api.guardians is 'Guardians: nurses, aides and the supervisor those of the students they see; a guardian only themself; teachers nothing.';
