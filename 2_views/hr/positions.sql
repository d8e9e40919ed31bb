create view hr_api.positions
with (security_invoker = true)
as
select positions.id,
       positions.department_id,
       positions.title,
       positions.is_tipped,
       positions.required_certifications
from hr_private.positions as positions;
comment on view hr_api.positions is 'Positions of the caller''s hotel group and the certificate kinds each requires (food_handler, alcohol_service, first_aid, lifeguard).';
