create function hr_private.check_time_zone()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    -- an unknown zone raises 22023 (invalid_parameter_value) right here
    perform now() at time zone new.time_zone;
    return new;
end
$$;
comment on function hr_private.check_time_zone() is 'BEFORE INSERT/UPDATE trigger of hr.hotels: the time zone must be one the server knows (IANA), else 22023, since every local-time rule is judged in it.';

create trigger hotels_time_zone_is_known
before insert or update of time_zone on hr.hotels
for each row execute function hr_private.check_time_zone();
