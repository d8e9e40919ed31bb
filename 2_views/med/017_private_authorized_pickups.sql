create view med_private.authorized_pickups as
select authorized_pickups.id,
       authorized_pickups.tenant_id,
       authorized_pickups.student_id,
       authorized_pickups.position,
       authorized_pickups.full_name,
       authorized_pickups.relationship,
       authorized_pickups.phone,
       authorized_pickups.guardian_id,
       authorized_pickups.created_at
from med.authorized_pickups as authorized_pickups;
alter view med_private.authorized_pickups owner to med_reader;
comment on view med_private.authorized_pickups is 'Authorized pickups the acting user may see (policies of med.authorized_pickups).';
