create function hr_private.pay_lines(hotel_id uuid, period_start date, period_end date)
returns table (employee_id uuid, regular_hours numeric, overtime_hours numeric, regular_pay numeric, overtime_pay numeric,
               missing_rate boolean, below_minimum boolean)
language sql
stable
set search_path = ''
set jit = off
as $$
    with hotel as (
        select hotels.id, hotels.tenant_id, hotels.jurisdiction, hotels.time_zone, hotels.workweek_starts_on, hotels.currency
        from hr.hotels as hotels
        where hotels.id = pay_lines.hotel_id
    ),
    -- every closed punch cut at the hotel's local midnights, with the
    -- employee's scheduled shifts it meets (drafts included, never a
    -- cancelled one): whether it overlaps any, and when it is tipped work
    punch_days as (
        select punches.employee_id,
               employees.is_tipped as employee_is_tipped,
               shifted.any_shift,
               shifted.tipped_work,
               days.day::date as day,
               greatest(punches.clock_in_at, days.day::date::timestamp at time zone hotel.time_zone) as part_start,
               least(punches.clock_out_at, (days.day::date + 1)::timestamp at time zone hotel.time_zone) as part_end
        from hotel
        join hr.employees as employees on employees.hotel_id = hotel.id
        join hr.punches as punches on punches.employee_id = employees.id
        -- looked up for a tipped employee only: anyone else's hours are
        -- never tipped work, whatever the shift. Tipped work is the time of
        -- their shifts on a tipped position, widened by a quarter hour either
        -- side for the minutes a time clock records before and after a shift,
        -- but never into the time of a shift on a position that is not tipped
        cross join lateral (
            select pg_catalog.count(*) filter (where pg_catalog.tstzrange(shifts.starts_at, shifts.ends_at)
                                                     && pg_catalog.tstzrange(punches.clock_in_at, punches.clock_out_at)) > 0 as any_shift,
                   coalesce(pg_catalog.range_agg(pg_catalog.tstzrange(shifts.starts_at - interval '15 minutes',
                                                                      shifts.ends_at + interval '15 minutes'))
                                filter (where positions.is_tipped), pg_catalog.tstzmultirange())
                   - coalesce(pg_catalog.range_agg(pg_catalog.tstzrange(shifts.starts_at, shifts.ends_at))
                                  filter (where not positions.is_tipped), pg_catalog.tstzmultirange()) as tipped_work
            from hr.shifts as shifts
            join hr.positions as positions on positions.id = shifts.position_id
            where employees.is_tipped
              and shifts.employee_id = punches.employee_id
              and shifts.status = 'scheduled'
              -- the shifts within a quarter hour of the punch
              and pg_catalog.tstzrange(shifts.starts_at, shifts.ends_at)
                  && pg_catalog.tstzrange(punches.clock_in_at - interval '15 minutes', punches.clock_out_at + interval '15 minutes')) as shifted
        cross join lateral pg_catalog.generate_series(
            (punches.clock_in_at at time zone hotel.time_zone)::date,
            ((punches.clock_out_at - interval '1 microsecond') at time zone hotel.time_zone)::date,
            interval '1 day') as days (day)
        where punches.clock_out_at is not null
          -- only spares work (a part outside the period is dropped by the
          -- join with period_days anyway); read through the index of
          -- punches_no_overlap, so its cost follows the period, not the history
          and pg_catalog.tstzrange(punches.clock_in_at, punches.clock_out_at)
              && pg_catalog.tstzrange(pay_lines.period_start::timestamp at time zone hotel.time_zone,
                                      (pay_lines.period_end + 1)::timestamp at time zone hotel.time_zone)
    ),
    -- each part cut again into tipped work (the tip credit and the tipped
    -- regular-rate rule apply) and the rest. Tipped work is what a tipped
    -- employee's punch covers of their shifts on a tipped position (and the
    -- quarter hour either side, above), whatever shift the punch is linked
    -- to: one punch across a Bartender and a Receptionist shift is tipped
    -- work on the first only, and its hours well outside the shifts are not
    -- tipped either. A server's hours on a Receptionist shift are not tipped
    -- work (29 CFR 531.56(e)), so they have the full minimum wage as their
    -- floor. A punch that overlaps no shift at all (unscheduled) is judged by
    -- the employee's own position, whose flag hire copies into
    -- employees.is_tipped
    segments as (
        select punch_days.employee_id,
               pieces.is_tipped,
               punch_days.day,
               pg_catalog.lower(pieces.piece) as part_start,
               pg_catalog.upper(pieces.piece) as part_end
        from punch_days
        cross join lateral (
            select punch_days.employee_is_tipped,
                   pg_catalog.tstzrange(punch_days.part_start, punch_days.part_end)
            where not punch_days.any_shift
            union all
            select true,
                   pg_catalog.unnest(pg_catalog.tstzmultirange(pg_catalog.tstzrange(punch_days.part_start, punch_days.part_end))
                                     * punch_days.tipped_work)
            where punch_days.any_shift
            union all
            select false,
                   pg_catalog.unnest(pg_catalog.tstzmultirange(pg_catalog.tstzrange(punch_days.part_start, punch_days.part_end))
                                     - punch_days.tipped_work)
            where punch_days.any_shift) as pieces (is_tipped, piece)
        -- a part is empty only on a local day its zone skipped (Pacific/Apia
        -- had no 2011-12-30): no hour was worked on it, so neither the rate
        -- nor the rules dated that day may count
        where punch_days.part_end > punch_days.part_start
    ),
    -- the overtime rule and minimum wage in force on each local day of the period, looked up once per day
    period_days as materialized (
        select days.day::date as day,
               hr_private.week_start(days.day::date, hotel.workweek_starts_on) as week,
               overtime.weekly_threshold_hours,
               overtime.multiplier,
               wage.minimum_wage,
               -- the floor of an hour's rate: the minimum wage, less the tip credit for tipped work (in the hotel's currency only)
               case when wage.currency = hotel.currency then wage.minimum_wage end as floor_rate,
               case when wage.currency = hotel.currency then wage.minimum_wage - wage.tip_credit end as tipped_floor_rate
        from hotel
        cross join pg_catalog.generate_series(pay_lines.period_start, pay_lines.period_end, interval '1 day') as days (day)
        left join lateral (
            select rules.weekly_threshold_hours, rules.multiplier
            from hr.overtime_rules as rules
            where rules.jurisdiction = hotel.jurisdiction and rules.effective_from <= days.day::date
              and (rules.tenant_id is null or rules.tenant_id = hotel.tenant_id)
            order by rules.tenant_id nulls last, rules.effective_from desc
            limit 1) as overtime on true
        left join lateral (
            select rules.minimum_wage, rules.tip_credit, rules.currency
            from hr.wage_rules as rules
            where rules.jurisdiction = hotel.jurisdiction and rules.effective_from <= days.day::date
              and (rules.tenant_id is null or rules.tenant_id = hotel.tenant_id)
            order by rules.tenant_id nulls last, rules.effective_from desc
            limit 1) as wage on true
    ),
    -- each rate of the hotel's employees with the day the next one takes over
    rate_spans as materialized (
        select rates.employee_id,
               rates.hourly_rate,
               rates.effective_from,
               pg_catalog.lead(rates.effective_from) over (partition by rates.employee_id order by rates.effective_from) as replaced_on
        from hotel
        join hr.employees as employees on employees.hotel_id = hotel.id
        join hr.pay_rates as rates on rates.employee_id = employees.id
    ),
    -- every part with the rate, overtime rule and minimum wage in force on its local day
    rated as (
        select segments.employee_id,
               segments.is_tipped,
               segments.part_start,
               period_days.week,
               extract(epoch from segments.part_end - segments.part_start) / 3600 as hours,
               rate_spans.hourly_rate as rate,
               period_days.weekly_threshold_hours,
               period_days.multiplier,
               period_days.minimum_wage,
               case when segments.is_tipped then period_days.tipped_floor_rate else period_days.floor_rate end as floor_rate
        from segments
        join period_days on period_days.day = segments.day
        left join rate_spans on rate_spans.employee_id = segments.employee_id
                            and rate_spans.effective_from <= segments.day
                            and (rate_spans.replaced_on is null or segments.day < rate_spans.replaced_on)
    ),
    -- hours past the threshold of each fixed workweek, in the order they were worked, are overtime
    split as (
        select rated.*,
               case when rated.weekly_threshold_hours is null then 0
                    else greatest(0, least(rated.hours,
                             pg_catalog.sum(rated.hours) over (partition by rated.employee_id, rated.week
                                                               order by rated.part_start
                                                               rows between unbounded preceding and current row)
                             - rated.weekly_threshold_hours)) end as overtime_hours,
               -- the regular rate the premium is on: the workweek's average
               -- over every hour worked in it, each at its own rate (an
               -- hour of tipped work at least the full minimum wage), so a
               -- rate changed mid-week weighs by its hours (29 CFR 778.115)
               pg_catalog.sum(rated.hours * case when rated.is_tipped then greatest(rated.rate, rated.minimum_wage) else rated.rate end)
                   over (partition by rated.employee_id, rated.week)
               / pg_catalog.sum(rated.hours) over (partition by rated.employee_id, rated.week) as regular_rate
        from rated
    )
    select split.employee_id,
           pg_catalog.round(pg_catalog.sum(split.hours - split.overtime_hours), 2),
           pg_catalog.round(pg_catalog.sum(split.overtime_hours), 2),
           pg_catalog.round(pg_catalog.sum((split.hours - split.overtime_hours) * split.rate), 2),
           -- each overtime hour at its own rate, plus the premium on the week's regular rate
           coalesce(pg_catalog.round(pg_catalog.sum(split.overtime_hours
                                                    * (split.rate + (split.multiplier - 1) * split.regular_rate)), 2), 0),
           pg_catalog.bool_or(split.rate is null),
           coalesce(pg_catalog.bool_or(split.rate < split.floor_rate), false)
    from split
    group by split.employee_id
$$;
comment on function hr_private.pay_lines(uuid, date, date) is 'Hours and pay of each employee of a hotel over the local dates [period_start, period_end], from their closed punches: each punch is cut at the hotel''s local midnights, each part paid at the rate in force on its local day (hr.pay_rates), and within each fixed workweek (hr.hotels.workweek_starts_on, in the hotel''s zone) the hours past the threshold of hr.overtime_rules, in the order worked, are overtime at the hour''s rate + (multiplier - 1) x the week''s regular rate: the average over every hour of the workweek, each at its own rate (a rate changed mid-week weighs by its hours, 29 CFR 778.115), an hour of tipped work at least at the full minimum wage (hr.wage_rules). Tipped work is the part of a tipped employee''s (employees.is_tipped) punch that falls within their scheduled shifts (drafts included, not cancelled ones) on a tipped position, or within a quarter hour before or after one outside any shift on a position that is not tipped, whatever shift the punch is linked to (punches.shift_id is not read); a punch that overlaps none of their shifts is judged by the employee''s own position; any other hour of a tipped employee (a Receptionist shift, the hours of a punch well past its shift) is paid and judged as anyone''s. Weeks are never averaged together. missing_rate is true when some hour has no rate in force; below_minimum when some hour''s rate is below the minimum wage in force on its day (less the tip credit for an hour of tipped work), as when the minimum wage rose after the rate was set or a tipped employee at the cash wage worked a position that is not tipped, or past a tipped shift.';
