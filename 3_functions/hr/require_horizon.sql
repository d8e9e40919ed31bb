create function hr_private.require_horizon(hotel_id uuid, starts_at timestamptz)
returns void
language plpgsql
stable
set search_path = ''
as $$
declare
    hotel hr.hotels;
    today date;
    start_day date;
    horizon int;
    latest date;
begin
    select * into strict hotel from hr.hotels as hotels where hotels.id = require_horizon.hotel_id;
    -- days are the hotel's: its local today and the local day the shift starts on
    today := (now() at time zone hotel.time_zone)::date;
    start_day := (require_horizon.starts_at at time zone hotel.time_zone)::date;
    select rules.horizon_days
    into horizon
    from hr.scheduling_rules as rules
    where rules.effective_from <= today
      and (rules.tenant_id is null or rules.tenant_id = hotel.tenant_id)
    order by rules.tenant_id nulls last, rules.effective_from desc
    limit 1;
    if horizon is null then
        raise exception 'no scheduling horizon is in force for the group of % on %', hotel.name, today
            using errcode = 'P0001',
                  hint = 'hr.scheduling_rules needs a default row (null tenant) or one of the group';
    end if;
    latest := today + horizon;
    if start_day > latest then
        raise exception 'a shift may start at most % days ahead: the latest start day at % is %, not %', horizon, hotel.name, latest, start_day
            using errcode = '22023',
                  hint = pg_catalog.format('the hotel group schedules at most %s days ahead; a shift on %s can be scheduled from %s on',
                                           horizon, start_day, start_day - horizon);
    end if;
end
$$;
comment on function hr_private.require_horizon(uuid, timestamptz) is 'Refuses (22023, naming the latest allowed start day, with a hint saying from when the shift can be scheduled) a shift starting on a local day after the hotel''s local today plus the horizon of hr.scheduling_rules in force for its group (the group''s own row, else the default). P0001 when no row is in force. Called by schedule_shift, schedule_open_shift, take_open_shift and accept_swap before they write.';
