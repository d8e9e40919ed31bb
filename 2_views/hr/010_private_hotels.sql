create view hr_private.hotels as
select hotels.id,
       hotels.tenant_id,
       hotels.name,
       hotels.jurisdiction,
       hotels.time_zone,
       hotels.workweek_starts_on,
       hotels.currency,
       hotels.created_at
from hr.hotels as hotels;
alter view hr_private.hotels owner to hr_reader;
comment on view hr_private.hotels is 'Hotels of the acting user''s hotel group (every HR role). Runs as hr_reader, so the policies of the table pick the rows.';
