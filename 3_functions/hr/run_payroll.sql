create function hr_api.run_payroll(hotel_id uuid, period_start date, period_end date)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    hotel hr.hotels;
    today date;
    new_run_id uuid;
    offender text;
    underpaid text;
begin
    if not exists (select from hr_private.hotels as hotels where hotels.id = run_payroll.hotel_id)
       or coalesce(hr_private.acting_role(), '') not in ('hr_payroll', 'hr_admin') then
        raise exception 'hotel % not found', coalesce(run_payroll.hotel_id::text, 'null')
            using errcode = 'PT404';
    end if;
    -- one run of a hotel at a time; no key update, so that the key share
    -- locks of foreign keys (a shift or an employee of the hotel written
    -- meanwhile) neither wait for the run nor deadlock with it
    select * into hotel from hr.hotels as hotels where hotels.id = run_payroll.hotel_id for no key update;
    if run_payroll.period_start is null or run_payroll.period_end is null
       or not pg_catalog.isfinite(run_payroll.period_start) or not pg_catalog.isfinite(run_payroll.period_end) then
        raise exception 'a payroll period needs a finite first and last day'
            using errcode = '22023';
    end if;
    if run_payroll.period_end < run_payroll.period_start or run_payroll.period_end - run_payroll.period_start > 34 then
        raise exception 'a payroll period from % to % must be in order and at most five weeks long', run_payroll.period_start, run_payroll.period_end
            using errcode = '22023';
    end if;
    begin
        if hr_private.week_start(run_payroll.period_start, hotel.workweek_starts_on) <> run_payroll.period_start
           or hr_private.week_start(run_payroll.period_end + 1, hotel.workweek_starts_on) <> run_payroll.period_end + 1 then
            raise exception 'a payroll period of % covers whole workweeks: % to % does not', hotel.name, run_payroll.period_start, run_payroll.period_end
                using errcode = '22023',
                      hint = pg_catalog.format('the workweek starts on ISO weekday %s at local midnight, so overtime is never split or averaged', hotel.workweek_starts_on);
        end if;
        -- the local midnight the period starts at, from which pay_lines reads
        perform run_payroll.period_start::timestamp at time zone hotel.time_zone;
    exception
        -- a period at either end of the calendar, whose workweek or first
        -- local midnight no date or timestamp holds, holds no punch:
        -- malformed, not a server error
        when datetime_field_overflow then
            raise exception 'a payroll period from % to % is beyond any workweek', run_payroll.period_start, run_payroll.period_end
                using errcode = '22023';
    end;
    today := hr_private.local_date(now(), hotel.id);
    if run_payroll.period_end >= today then
        raise exception 'the period ending % is not over yet at %', run_payroll.period_end, hotel.name
            using errcode = 'P0001';
    end if;
    -- nor before anyone worked at the hotel (its first hire or first
    -- punch): a run of 4713 BC or of year 1 would stand finalized for good,
    -- among the hotel's runs
    if run_payroll.period_end < least(
           (select pg_catalog.min(employees.hired_on) from hr.employees as employees where employees.hotel_id = hotel.id),
           (select hr_private.local_date(pg_catalog.min(punches.clock_in_at), hotel.id)
            from hr.punches as punches
            join hr.employees as employees on employees.id = punches.employee_id
            where employees.hotel_id = hotel.id)) is not false then
        raise exception 'the period ending % is before anyone worked at %', run_payroll.period_end, hotel.name
            using errcode = 'P0001',
                  hint = 'run payroll for a period in which the hotel employed someone';
    end if;
    if exists (
        select
        from hr.payroll_runs as runs
        where runs.hotel_id = hotel.id
          and pg_catalog.daterange(runs.period_start, runs.period_end, '[]')
              && pg_catalog.daterange(run_payroll.period_start, run_payroll.period_end, '[]')
    ) then
        raise exception 'payroll of % has already been run for a period overlapping % to %', hotel.name, run_payroll.period_start, run_payroll.period_end
            using errcode = 'PT409';
    end if;

    -- everyone must be clocked out of the period
    select employees.full_name into offender
    from hr.punches as punches
    join hr.employees as employees on employees.id = punches.employee_id
    where employees.hotel_id = hotel.id
      and punches.clock_out_at is null
      and punches.clock_in_at < (run_payroll.period_end + 1)::timestamp at time zone hotel.time_zone
    limit 1;
    if offender is not null then
        raise exception '% is still clocked in from before the end of the period', offender
            using errcode = 'P0001',
                  hint = 'a manager closes the punch with edit_punch';
    end if;

    insert into hr.payroll_runs (tenant_id, hotel_id, period_start, period_end, currency, run_by)
    values (hotel.tenant_id, hotel.id, run_payroll.period_start, run_payroll.period_end, hotel.currency, core.current_user_id())
    returning payroll_runs.id into new_run_id;

    -- one pass over the punches: the payslips, anyone with hours but no rate,
    -- and anyone whose rate is below the minimum wage in force on a day worked
    with lines as materialized (
        select *
        from hr_private.pay_lines(hotel.id, run_payroll.period_start, run_payroll.period_end)
    ),
    inserted as (
        insert into hr.payslips (tenant_id, run_id, employee_id, regular_hours, overtime_hours, regular_pay, overtime_pay, gross_pay, currency)
        select hotel.tenant_id, new_run_id, lines.employee_id, lines.regular_hours, lines.overtime_hours,
               lines.regular_pay, lines.overtime_pay, lines.regular_pay + lines.overtime_pay, hotel.currency
        from lines
        where not lines.missing_rate
        returning 1
    )
    select (select employees.full_name
            from lines
            join hr.employees as employees on employees.id = lines.employee_id
            where lines.missing_rate
            limit 1),
           (select employees.full_name
            from lines
            join hr.employees as employees on employees.id = lines.employee_id
            where lines.below_minimum
            limit 1)
    into offender, underpaid
    from (select pg_catalog.count(*) from inserted) as written;
    if offender is not null then
        raise exception '% has hours in the period without a pay rate in force', offender
            using errcode = 'P0001',
                  hint = 'set the rate with set_pay_rate first';
    end if;
    if underpaid is not null then
        raise exception '% would be paid below the minimum wage in force for hours in the period', underpaid
            using errcode = 'P0001',
                  detail = 'either the minimum wage rose after the rate was set, or a tipped employee paid the cash wage worked outside their shifts on a tipped position (the tip credit covers tipped work only)',
                  hint = 'raise the rate with set_pay_rate first';
    end if;
    return new_run_id;
end
$$;
comment on function hr_api.run_payroll(uuid, date, date) is 'Runs payroll of a hotel over whole workweeks [period_start, period_end] (local dates): a draft run with one payslip per employee with hours, from their punches (hr_private.pay_lines: each hour at the rate in force on its local day; US overtime past 40 h per fixed workweek, never averaged; a tipped employee''s premium on the full minimum wage, the tip credit for hours on a tipped position only). Returns the run id; finalize_payroll makes it final. Payroll and admins. Raises 42501 for other roles, PT404 for an invisible hotel, 22023 for missing, infinite, reversed or over-five-week periods or one that is not whole workweeks or beyond any workweek (at either end of the calendar), P0001 for a period not over or ending before anyone worked at the hotel (its first hire or punch: a run of a distant past would stand for good), someone still clocked in, hours without a rate or hours at a rate below the minimum wage then in force (less the tip credit only for a tipped employee''s tipped work: the part of a punch within their shifts on a tipped position, give or take a quarter hour, or all of a punch that overlaps none of their shifts), PT409 when a period overlapping it was already run (a period cannot be run twice). Security definer (search_path '''').';
