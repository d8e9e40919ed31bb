create view med_private.guardians as
select guardians.id,
       guardians.tenant_id,
       guardians.user_id,
       guardians.full_name,
       guardians.email,
       guardians.phone,
       guardians.created_at
from med.guardians as guardians;
alter view med_private.guardians owner to med_reader;
comment on view med_private.guardians is 'Guardians the acting user may see (policies of med.guardians for med_reader): staff of their students'' schools, the supervisor the district, a guardian themself.';
