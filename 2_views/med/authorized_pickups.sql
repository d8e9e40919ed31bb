create view med_api.authorized_pickups
with (security_invoker = true)
as
select authorized_pickups.id,
       authorized_pickups.student_id,
       authorized_pickups.position,
       authorized_pickups.full_name,
       authorized_pickups.relationship,
       authorized_pickups.phone,
       authorized_pickups.guardian_id
from med_private.authorized_pickups as authorized_pickups;
comment on view med_api.authorized_pickups is 'The ordered pickup list of each student the caller sees (nurses, aides, supervisor, the student''s guardians).';
