create view hr_api.hotels
with (security_invoker = true)
as
select hotels.id,
       hotels.name,
       hotels.jurisdiction,
       hotels.time_zone,
       hotels.workweek_starts_on,
       hotels.currency
from hr_private.hotels as hotels;
comment on view hr_api.hotels is 'Hotels of the caller''s hotel group: jurisdiction (US or EU), IANA time zone, the ISO weekday the workweek starts on, the pay currency.';
