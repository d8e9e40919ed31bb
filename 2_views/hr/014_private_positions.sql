create view hr_private.positions as
select positions.id,
       positions.tenant_id,
       positions.department_id,
       positions.title,
       positions.is_tipped,
       coalesce((select pg_catalog.array_agg(required.kind order by required.kind)
                 from hr.position_certifications as required
                 where required.position_id = positions.id), '{}') as required_certifications
from hr.positions as positions;
alter view hr_private.positions owner to hr_reader;
comment on view hr_private.positions is 'Positions of the acting user''s hotel group with the certificates each requires (every HR role). Runs as hr_reader, so the policies of the table pick the rows.';
