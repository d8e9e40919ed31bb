create view med_private.schools as
select schools.id,
       schools.tenant_id,
       schools.district_id,
       schools.name,
       schools.time_zone,
       schools.lowest_grade,
       schools.highest_grade,
       schools.created_at
from med.schools as schools;
alter view med_private.schools owner to med_reader;
comment on view med_private.schools is 'Schools the acting user may see: runs as med_reader, so the policies of med.schools pick the rows (a nurse or aide their assigned schools, the supervisor the district, a teacher the schools of their roster, a guardian their children''s schools).';
