create function hr_private.require_rate(hourly_rate numeric, hotel_id uuid, is_tipped boolean, on_day date)
returns void
language plpgsql
stable
set search_path = ''
as $$
declare
    hotel hr.hotels;
    wage hr.wage_rules;
    floor_rate numeric;
begin
    if require_rate.hourly_rate is null or require_rate.hourly_rate = 'NaN'::numeric
       or require_rate.hourly_rate <= 0 or require_rate.hourly_rate >= 10000
       or require_rate.hourly_rate <> pg_catalog.round(require_rate.hourly_rate, 2) then
        raise exception 'invalid hourly rate %', coalesce(require_rate.hourly_rate::text, 'null')
            using errcode = '22023',
                  hint = 'a positive amount in the hotel''s currency with at most two decimals, below 10000';
    end if;
    select * into hotel from hr.hotels as hotels where hotels.id = require_rate.hotel_id;
    select * into wage
    from hr.wage_rules as rules
    where rules.jurisdiction = hotel.jurisdiction
      and rules.effective_from <= require_rate.on_day
      and (rules.tenant_id is null or rules.tenant_id = hotel.tenant_id)
    order by rules.tenant_id nulls last, rules.effective_from desc
    limit 1;
    if found and wage.currency = hotel.currency then
        floor_rate := wage.minimum_wage - case when require_rate.is_tipped then wage.tip_credit else 0 end;
        if require_rate.hourly_rate < floor_rate then
            raise exception 'hourly rate % % is below the % of % % in force on %', require_rate.hourly_rate, hotel.currency,
                    case when require_rate.is_tipped then 'tipped cash wage' else 'minimum wage' end, floor_rate, hotel.currency, require_rate.on_day
                using errcode = 'P0001';
        end if;
    end if;
end
$$;
comment on function hr_private.require_rate(numeric, uuid, boolean, date) is 'Checks an hourly rate a client sends against the database''s own rules: 22023 for null, NaN, infinite, non-positive, 10000 or more, or more than two decimals; P0001 below the minimum wage of the hotel''s jurisdiction in force on the day (for a tipped employee, the minimum wage less the tip credit) from hr.wage_rules.';
